package io.twistd.operator.it;

import static io.twistd.operator.it.OperatorHttp.get;
import static io.twistd.operator.it.OperatorHttp.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.operator.Apps;
import io.twistd.operator.TwistdOperator;
import io.twistd.testenv.KubeTestEnvExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator's own HTTP endpoints: health, readiness and Prometheus metrics. */
@ExtendWith(KubeTestEnvExtension.class)
class OperatorEndpointsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String KIND = "kind=\"TwistedApplication\"";
  private static final String CONTROLLER = "controller=\"twistedapplication\"";

  @RegisterExtension
  static final OperatorHarness harness = OperatorHarness.watchingOwnNamespace("metrics");

  private final KubernetesClient client;

  OperatorEndpointsTest(KubernetesClient client) {
    this.client = client;
  }

  private TwistdOperator operator() {
    return harness.operator();
  }

  @Test
  void healthzSaysOkWhileEveryInformerIsHealthy() {
    HttpResponse<String> health = get(operator(), "/healthz");

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("ok\n");
    assertThat(health.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
  }

  @Test
  void readyzSaysReadyOnceTheOperatorHasStarted() {
    HttpResponse<String> ready = get(operator(), "/readyz");

    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ready\n");
  }

  @Test
  void anUnknownPathIsNotFound() {
    assertThat(get(operator(), "/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void metricsCountTheReconcilesOfAnApplication() {
    String namespace = harness.namespace();
    String before = get(operator(), "/metrics").body();

    client
        .resource(
            Apps.fromYaml(
                "shop", namespace, "services: [{name: echo, type: echo, listen: ['tcp:7000']}]"))
        .create();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client
                        .resources(TwistedApplication.class)
                        .inNamespace(namespace)
                        .withName("shop")
                        .get()
                        .getStatus()
                    != null);

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              HttpResponse<String> metrics = get(operator(), "/metrics");
              assertThat(metrics.statusCode()).isEqualTo(200);
              String after = metrics.body();
              assertThat(after)
                  .contains("# TYPE operator_sdk_reconciliations_started_total counter")
                  .contains(
                      "# TYPE operator_sdk_controllers_execution_reconcile_seconds histogram");
              for (String counter :
                  new String[] {
                    "operator_sdk_events_received_total",
                    "operator_sdk_reconciliations_started_total",
                    "operator_sdk_reconciliations_success_total"
                  }) {
                assertThat(metric(after, counter, KIND))
                    .as(counter)
                    .isGreaterThan(metric(before, counter, KIND));
              }
              assertThat(
                      metric(
                          after,
                          "operator_sdk_controllers_execution_reconcile_seconds_count",
                          CONTROLLER))
                  .isGreaterThan(
                      metric(
                          before,
                          "operator_sdk_controllers_execution_reconcile_seconds_count",
                          CONTROLLER));
              assertThat(
                      metric(
                          after,
                          "operator_sdk_controllers_execution_reconcile_success_total",
                          CONTROLLER,
                          "type=\"status\""))
                  .as("reconciles that patched the status")
                  .isGreaterThan(0);
            });
    assertThat(metric(operator(), "operator_sdk_reconciliations_failed_total", KIND))
        .as("failed reconciles")
        .isZero();
  }
}
