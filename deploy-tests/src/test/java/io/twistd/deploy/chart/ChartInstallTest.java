package io.twistd.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.deploy.ProjectFiles;
import io.twistd.operator.OperatorSettings;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.KubeTestEnvExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The chart installed by the real Helm engine into a real API server, and the operator run as the
 * chart's ServiceAccount: its RBAC lets the operator do all it does (no call is refused), and lacks
 * nothing it needs (without one rule, calls are refused).
 */
@ExtendWith(KubeTestEnvExtension.class)
class ChartInstallTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String EXAMPLE = "examples/static-site/site.yaml";

  private final ControlPlane kube;
  private final KubernetesClient admin;

  ChartInstallTest(ControlPlane kube) {
    this.kube = kube;
    this.admin = kube.client();
  }

  @Test
  void installsTheOperatorWithPodsThePodSecurityRestrictedLevelAdmits() {
    InstalledChart chart = InstalledChart.install(kube, Map.of());
    String ns = chart.namespace();

    assertThat(chart.release().getStatus()).isEqualTo("deployed");
    assertThat(admin.serviceAccounts().inNamespace(ns).withName(chart.serviceAccount()).get())
        .isNotNull();
    assertThat(chart.clusterRole()).isNotNull();
    assertThat(admin.rbac().clusterRoleBindings().withName(chart.fullname()).get()).isNotNull();
    assertThat(
            admin
                .rbac()
                .roles()
                .inNamespace(ns)
                .withName(chart.fullname() + "-leader-election")
                .get())
        .isNotNull();
    assertThat(admin.services().inNamespace(ns).withName(chart.fullname() + "-metrics").get())
        .isNotNull();
    assertThat(
            admin
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("twistedapplications.twistd.io")
                .get())
        .isNotNull();
    Deployment deployment =
        admin.apps().deployments().inNamespace(ns).withName(chart.fullname()).get();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);

    // What the ReplicaSet controller would create, judged by the Pod Security admission now.
    Pod pod =
        new PodBuilder()
            .withMetadata(deployment.getSpec().getTemplate().getMetadata())
            .editMetadata()
            .withName("operator-pod")
            .withNamespace(ns)
            .endMetadata()
            .withSpec(deployment.getSpec().getTemplate().getSpec())
            .build();
    assertThat(admin.resource(pod).dryRun().create()).isNotNull();
    // ... and that admission does refuse what is not restricted, so the line above can fail.
    Pod unrestricted =
        new PodBuilder(pod)
            .editSpec()
            .withSecurityContext(null)
            .editFirstContainer()
            .withSecurityContext(null)
            .endContainer()
            .endSpec()
            .build();
    assertThatThrownBy(() -> admin.resource(unrestricted).dryRun().create())
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("violates PodSecurity \"restricted");
  }

  @Test
  void operatorRunningAsTheChartsServiceAccountReconcilesWithoutAForbiddenCall() throws Exception {
    InstalledChart chart = InstalledChart.install(kube, Map.of());
    String apps = kube.createNamespace("apps", Map.of());

    try (OperatorAsServiceAccount operator = OperatorAsServiceAccount.start(kube, chart)) {
      await()
          .atMost(TIMEOUT)
          .until(() -> operator.operator().identity().equals(leaseHolder(chart.namespace())));
      TwistedApplication site = applyExample(apps);
      await()
          .atMost(TIMEOUT)
          .until(() -> reconciled(apps, "site") || !operator.forbiddenCalls().isEmpty());
      assertThat(operator.forbiddenCalls()).isEmpty();
      assertThat(admin.services().inNamespace(apps).withName("site").get()).isNotNull();
      assertThat(budget(apps, "site")).isNotNull();
      assertThat(admin.v1().events().inNamespace(apps).list().getItems())
          .anyMatch(e -> "site".equals(e.getInvolvedObject().getName()));

      // one replica and no Service: the operator deletes the budget and the Service
      patchSpec(apps, site, "{\"replicas\": 1, \"expose\": {\"type\": \"None\"}}");
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  budget(apps, "site") == null
                      && admin.services().inNamespace(apps).withName("site").get() == null);

      assertThat(health(operator, "/healthz")).isEqualTo(200);
      assertThat(health(operator, "/readyz")).isEqualTo(200);
      assertThat(operator.forbiddenCalls()).isEmpty();
    }
  }

  @Test
  void operatorWatchingOneNamespaceNeedsOnlyTheRoleTheChartPutsThere() {
    String apps = kube.createNamespace("apps", Map.of());
    InstalledChart chart = InstalledChart.install(kube, Map.of("watchNamespaces[0]", apps));
    assertThat(chart.clusterRole()).isNull();
    assertThat(admin.rbac().roles().inNamespace(apps).withName(chart.fullname()).get()).isNotNull();

    try (OperatorAsServiceAccount operator =
        OperatorAsServiceAccount.start(kube, chart, Set.of(apps))) {
      applyExample(apps);
      await()
          .atMost(TIMEOUT)
          .until(() -> reconciled(apps, "site") || !operator.forbiddenCalls().isEmpty());

      assertThat(operator.forbiddenCalls()).isEmpty();
      assertThat(reconciled(apps, "site")).isTrue();
    }
  }

  /**
   * The chart runs two replicas and probes both: the one waiting for the Lease must answer its
   * liveness and readiness probes too, or the kubelet would restart it over and over.
   */
  @Test
  void standbyReplicaAnswersItsProbes() throws Exception {
    InstalledChart chart = InstalledChart.install(kube, Map.of());

    try (OperatorAsServiceAccount leader = OperatorAsServiceAccount.start(kube, chart)) {
      await()
          .atMost(TIMEOUT)
          .until(() -> leader.operator().identity().equals(leaseHolder(chart.namespace())));
      try (OperatorAsServiceAccount standby = OperatorAsServiceAccount.start(kube, chart)) {
        await()
            .atMost(TIMEOUT)
            .untilAsserted(
                () -> {
                  assertThat(health(standby, "/readyz")).isEqualTo(200);
                  assertThat(health(standby, "/healthz")).isEqualTo(200);
                });
        assertThat(leaseHolder(chart.namespace())).isEqualTo(leader.operator().identity());
        assertThat(standby.forbiddenCalls()).isEmpty();
      }
    }
  }

  /**
   * The proof that {@link #operatorRunningAsTheChartsServiceAccountReconcilesWithoutAForbiddenCall}
   * can fail: the same operator and scenario, with one rule taken out of the installed ClusterRole
   * once the operator runs, meets 403 Forbidden where that rule was needed.
   */
  @ParameterizedTest(name = "without {1}")
  @CsvSource({
    "apps,       deployments,                PATCH,  /apis/apps/v1/namespaces/%s/deployments/site",
    "twistd.io,  twistedapplications/status, PATCH,  /apis/twistd.io/v1alpha1/namespaces/%s/twistedapplications/site/status",
    "'',         events,                     POST,   /api/v1/namespaces/%s/events"
  })
  void withoutOneRuleTheOperatorMeetsForbidden(
      String group, String resource, String method, String path) {
    InstalledChart chart = InstalledChart.install(kube, Map.of());
    String apps = kube.createNamespace("apps", Map.of());

    try (OperatorAsServiceAccount operator = OperatorAsServiceAccount.start(kube, chart)) {
      await()
          .atMost(TIMEOUT)
          .until(() -> operator.operator().identity().equals(leaseHolder(chart.namespace())));
      chart.removeRules(
          r -> r.getApiGroups().contains(group) && r.getResources().contains(resource));
      await().atMost(TIMEOUT).until(() -> !allowed(chart, group, resource, method, apps));

      applyExample(apps);

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(operator.forbiddenCalls())
                      .contains(method + " " + path.formatted(apps)));
    }
  }

  private TwistedApplication applyExample(String namespace) {
    try (InputStream in = Files.newInputStream(ProjectFiles.at(EXAMPLE))) {
      TwistedApplication app = admin.resources(TwistedApplication.class).load(in).item();
      app.getMetadata().setNamespace(namespace);
      // the CRD may have just been installed: wait until the API server serves it
      return await()
          .atMost(TIMEOUT)
          .ignoreExceptions()
          .until(() -> admin.resource(app).create(), created -> created != null);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + EXAMPLE, e);
    }
  }

  private boolean reconciled(String namespace, String name) {
    TwistedApplication app =
        admin.resources(TwistedApplication.class).inNamespace(namespace).withName(name).get();
    List<ConfigMap> configs = admin.configMaps().inNamespace(namespace).list().getItems();
    return app.getStatus() != null
        && app.getMetadata().getGeneration().equals(app.getStatus().getObservedGeneration())
        && admin.apps().deployments().inNamespace(namespace).withName(name).get() != null
        && configs.stream().anyMatch(c -> c.getMetadata().getName().startsWith(name + "-"));
  }

  private void patchSpec(String namespace, TwistedApplication app, String specJson) {
    admin
        .resources(TwistedApplication.class)
        .inNamespace(namespace)
        .withName(app.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": " + specJson + "}");
  }

  private PodDisruptionBudget budget(String namespace, String name) {
    return admin.policy().v1().podDisruptionBudget().inNamespace(namespace).withName(name).get();
  }

  private String leaseHolder(String namespace) {
    Lease lease = admin.leases().inNamespace(namespace).withName(OperatorSettings.LEASE_NAME).get();
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  /** Whether the RBAC authorizer lets the chart's ServiceAccount do {@code method} now. */
  private boolean allowed(
      InstalledChart chart, String group, String resource, String method, String namespace) {
    String[] parts = resource.split("/");
    SubjectAccessReview review =
        new SubjectAccessReviewBuilder()
            .withNewSpec()
            .withUser(chart.serviceAccountUser())
            .withGroups(chart.serviceAccountGroups())
            .withNewResourceAttributes()
            .withGroup(group)
            .withResource(parts[0])
            .withSubresource(parts.length > 1 ? parts[1] : null)
            .withVerb("POST".equals(method) ? "create" : "patch")
            .withNamespace(namespace)
            .endResourceAttributes()
            .endSpec()
            .build();
    return admin.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
  }

  private static int health(OperatorAsServiceAccount operator, String path) throws Exception {
    URI uri =
        URI.create("http://127.0.0.1:" + operator.operator().healthAddress().getPort() + path);
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
