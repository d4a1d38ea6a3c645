package io.twistd.deploy.chart;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.twistd.operator.OperatorSettings;
import io.twistd.operator.TwistdOperator;
import io.twistd.testenv.ControlPlane;
import java.util.List;
import java.util.Set;

/**
 * The operator, in this JVM, making every API call as the chart's ServiceAccount (the admin
 * impersonates it, so the API server's RBAC authorizer judges each call against the installed
 * roles), with leader election in the release namespace, as the chart's Deployment runs it.
 */
final class OperatorAsServiceAccount implements AutoCloseable {

  static final String RUNTIME_IMAGE = "twistd/twistd-runtime:test";

  private final KubernetesClient client;
  private final ForbiddenCalls forbidden;
  private final TwistdOperator operator;

  private OperatorAsServiceAccount(
      KubernetesClient client, ForbiddenCalls forbidden, TwistdOperator operator) {
    this.client = client;
    this.forbidden = forbidden;
    this.operator = operator;
  }

  /** Starts an operator watching every namespace as {@code chart}'s ServiceAccount. */
  static OperatorAsServiceAccount start(ControlPlane kube, InstalledChart chart) {
    return start(kube, chart, Set.of());
  }

  /**
   * Starts an operator watching {@code namespaces} (all when empty) as {@code chart}'s
   * ServiceAccount, as the chart's {@code watchNamespaces} tells it to.
   */
  static OperatorAsServiceAccount start(
      ControlPlane kube, InstalledChart chart, Set<String> namespaces) {
    Config config = kube.adminConfig();
    config.setImpersonateUsername(chart.serviceAccountUser());
    config.setImpersonateGroups(chart.serviceAccountGroups());
    ForbiddenCalls forbidden = new ForbiddenCalls();
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(config)
            .withHttpClientBuilderConsumer(
                http -> http.addOrReplaceInterceptor("forbidden-calls", forbidden))
            .build();
    try {
      TwistdOperator operator =
          TwistdOperator.start(
              client, new OperatorSettings(namespaces, RUNTIME_IMAGE, true, chart.namespace(), 0));
      return new OperatorAsServiceAccount(client, forbidden, operator);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /** Every call the API server refused so far. */
  List<String> forbiddenCalls() {
    return forbidden.calls();
  }

  TwistdOperator operator() {
    return operator;
  }

  @Override
  public void close() {
    operator.close();
    client.close();
  }
}
