package io.twistd.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ConfigLoader;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.operator.Apps;
import io.twistd.runtime.plugin.ServiceMakers;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.KubeTestEnvExtension;
import io.twistd.testenv.NodeAgent;
import io.twistd.testenv.PodBehaviour;
import io.twistd.testenv.PodPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Create, update, scale and delete a TwistedApplication against the real control plane. */
@ExtendWith(KubeTestEnvExtension.class)
class TwistedApplicationLifecycleTest {

  static final Duration TIMEOUT = Duration.ofSeconds(90);

  @RegisterExtension static final OperatorHarness harness = new OperatorHarness();
  private final KubernetesClient client;
  private String namespace;
  private Cluster cluster;
  private NodeAgent node;

  TwistedApplicationLifecycleTest(KubernetesClient client) {
    this.client = client;
  }

  @BeforeEach
  void startNode(ControlPlane kube) {
    namespace = kube.createNamespace("tapp", Map.of());
    cluster = new Cluster(client, namespace);
    cluster.putSecret("shop-tls", Map.of("tls.key", "key", "tls.crt", "cert"));
    node =
        NodeAgent.start(
            client, "node-" + namespace, namespace, PodPolicy.always(PodBehaviour.READY));
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  static final String SHOP =
      """
      replicas: 2
      services:
        - {name: web, type: web, listen: ["tcp:8080"], options: {path: /srv/www}}
        - {name: echo, type: echo, listen: ["tcp:80"]}
        - name: jobs
          type: multi
          services: [{name: beat, type: timer, options: {interval: 30s, log: alive}}]
      config: {greeting: hello}
      files: {motd.txt: welcome}
      secrets: [{name: shop-tls}]
      pod:
        resources: {limits: {memory: 256Mi}}
        nodeSelector: {disk: ssd}
        tolerations: [{key: dedicated, operator: Equal, value: shop, effect: NoSchedule}]
        affinity:
          nodeAffinity:
            preferredDuringSchedulingIgnoredDuringExecution:
              - weight: 1
                preference: {matchExpressions: [{key: zone, operator: In, values: [a]}]}
        env: [{name: TZ, value: UTC}]
        annotations: {team: payments}
      """;

  private TwistedApplication create(String name, String spec) {
    return client.resource(Apps.fromYaml(name, namespace, spec)).create();
  }

  private boolean allChildrenExist(String name) {
    return deployment(name) != null
        && client.services().inNamespace(namespace).withName(name).get() != null
        && client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName(name).get()
            != null;
  }

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  private ConfigMap configMapOf(Deployment deployment) {
    String name =
        deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
            .filter(v -> v.getConfigMap() != null)
            .findFirst()
            .orElseThrow()
            .getConfigMap()
            .getName();
    return client.configMaps().inNamespace(namespace).withName(name).get();
  }

  @Test
  void createMakesEveryChildWithTheExpectedContentOwnedByTheApplication() {
    TwistedApplication created = create("shop", SHOP);
    await().atMost(TIMEOUT).until(() -> allChildrenExist("shop"));

    Deployment deployment = deployment("shop");
    ConfigMap config = configMapOf(deployment);
    AppConfig loaded =
        new ConfigLoader(ServiceMakers.discover())
            .parse(config.getData().get("app.yaml"), "app.yaml");
    assertThat(loaded.getApplication()).isEqualTo("shop");
    assertThat(loaded.getServices()).extracting("name").containsExactly("web", "echo", "jobs");
    assertThat(config.getData()).containsEntry("motd.txt", "welcome");
    assertThat(config.getImmutable()).isTrue();
    assertThat(config.getMetadata().getName()).isEqualTo("shop-config-" + loaded.getRevision());

    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(
            deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal())
        .isZero();
    Container runtime = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(runtime.getImage()).isEqualTo(OperatorHarness.IMAGE);
    assertThat(runtime.getArgs()).containsExactly("run", "/etc/twistd/app.yaml");
    assertThat(runtime.getPorts())
        .extracting(p -> p.getName() + "=" + p.getContainerPort())
        .containsExactly("web=8080", "echo=80", "admin=9990");
    assertThat(runtime.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(runtime.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(runtime.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(runtime.getVolumeMounts())
        .extracting(m -> m.getMountPath() + (Boolean.TRUE.equals(m.getReadOnly()) ? " ro" : ""))
        .containsExactly("/etc/twistd ro", "/tmp", "/etc/twistd/secrets/shop-tls ro");
    assertThat(runtime.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(runtime.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(runtime.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(runtime.getEnv()).extracting("name").containsExactly("TZ");
    assertThat(runtime.getResources().getLimits()).containsKey("memory");
    var podSpec = deployment.getSpec().getTemplate().getSpec();
    assertThat(podSpec.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(podSpec.getNodeSelector()).containsExactly(Map.entry("disk", "ssd"));
    assertThat(podSpec.getTolerations()).extracting("key").containsExactly("dedicated");
    assertThat(
            podSpec
                .getAffinity()
                .getNodeAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution())
        .hasSize(1);
    assertThat(podSpec.getSecurityContext().getSeccompProfile().getType())
        .isEqualTo("RuntimeDefault");
    assertThat(podSpec.getSecurityContext().getSysctls())
        .extracting(s -> s.getName() + "=" + s.getValue())
        .containsExactly("net.ipv4.ip_unprivileged_port_start=80");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("team", "payments")
        .containsEntry("twistd.io/revision", loaded.getRevision());
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/name", "twistd")
        .containsEntry("app.kubernetes.io/instance", "shop")
        .containsEntry("app.kubernetes.io/managed-by", "twistd-operator");

    Service service = client.services().inNamespace(namespace).withName("shop").get();
    assertThat(service.getSpec().getPorts())
        .extracting(p -> p.getName() + "=" + p.getPort())
        .containsExactly("web=8080", "echo=80");
    PodDisruptionBudget budget =
        client.policy().v1().podDisruptionBudget().inNamespace(namespace).withName("shop").get();
    assertThat(budget.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);

    for (var child :
        List.of(
            deployment.getMetadata(),
            config.getMetadata(),
            service.getMetadata(),
            budget.getMetadata())) {
      assertThat(child.getOwnerReferences())
          .singleElement()
          .satisfies(ref -> assertThat(ref.getUid()).isEqualTo(created.getMetadata().getUid()));
    }
  }

  @Test
  void statusReachesReadyOnlyWhenTheDeploymentIsAvailable() {
    node.close();
    create("shop", SHOP.replace("replicas: 2", "replicas: 1"));
    await().atMost(TIMEOUT).until(() -> cluster.app("shop").getStatus() != null);
    assertThat(cluster.condition("shop", "Ready")).isEqualTo("False");
    assertThat(cluster.app("shop").getStatus().getPhase()).isEqualTo("Progressing");

    node =
        NodeAgent.start(
            client, "node-" + namespace, namespace, PodPolicy.always(PodBehaviour.READY));

    await().atMost(TIMEOUT).until(() -> "True".equals(cluster.condition("shop", "Ready")));
    TwistedApplication ready = cluster.app("shop");
    assertThat(ready.getStatus().getPhase()).isEqualTo("Ready");
    assertThat(ready.getStatus().getReady()).isEqualTo("1/1");
    assertThat(ready.getStatus().getLastGoodRevision())
        .isEqualTo(ready.getStatus().getCurrentRevision());
    assertThat(ready.getStatus().getObservedGeneration())
        .isEqualTo(ready.getMetadata().getGeneration());
    assertThat(ready.getStatus().getSelector())
        .isEqualTo("app.kubernetes.io/name=twistd,app.kubernetes.io/instance=shop");
    assertThat(cluster.condition("shop", "ConfigValid")).isEqualTo("True");
    assertThat(cluster.condition("shop", "Progressing")).isEqualTo("False");
    assertThat(cluster.condition("shop", "Degraded")).isEqualTo("False");
    assertThat(deployment("shop").getStatus().getConditions())
        .anyMatch(c -> c.getType().equals("Available") && c.getStatus().equals("True"));
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client.v1().events().inNamespace(namespace).list().getItems().stream()
                    .anyMatch(
                        e ->
                            "Available".equals(e.getReason())
                                && "shop".equals(e.getInvolvedObject().getName())));
    // not ready while its first pods start is no news: the RollingOut Event says they start
    assertThat(client.v1().events().inNamespace(namespace).list().getItems())
        .noneMatch(e -> "Unavailable".equals(e.getReason()));
  }

  @Test
  void configChangeMakesANewRevisionAndPointsTheTemplateAtIt() {
    create("shop", SHOP);
    await().atMost(TIMEOUT).until(() -> deployment("shop") != null);
    String before = configMapOf(deployment("shop")).getMetadata().getName();

    cluster.patchSpec("shop", "{\"config\": {\"greeting\": \"bonjour\"}}");

    await()
        .atMost(TIMEOUT)
        .until(() -> !configMapOf(deployment("shop")).getMetadata().getName().equals(before));
    ConfigMap after = configMapOf(deployment("shop"));
    assertThat(after.getData().get("app.yaml")).contains("greeting: bonjour");
    assertThat(client.configMaps().inNamespace(namespace).withName(before).get())
        .as("the previous revision stays for rollback")
        .isNotNull();
  }

  @Test
  void replicaChangeChangesOnlyReplicasAndScaleSubresourceWorks() {
    create("shop", SHOP);
    await().atMost(TIMEOUT).until(() -> deployment("shop") != null);
    var templateBefore = deployment("shop").getSpec().getTemplate();

    cluster.patchSpec("shop", "{\"replicas\": 3}");
    await().atMost(TIMEOUT).until(() -> deployment("shop").getSpec().getReplicas() == 3);
    assertThat(deployment("shop").getSpec().getTemplate()).isEqualTo(templateBefore);

    client.resources(TwistedApplication.class).inNamespace(namespace).withName("shop").scale(1);
    await().atMost(TIMEOUT).until(() -> deployment("shop").getSpec().getReplicas() == 1);
    assertThat(deployment("shop").getSpec().getTemplate()).isEqualTo(templateBefore);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                client
                        .policy()
                        .v1()
                        .podDisruptionBudget()
                        .inNamespace(namespace)
                        .withName("shop")
                        .get()
                    == null);
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                cluster.app("shop").getStatus() != null
                    && Integer.valueOf(1).equals(cluster.app("shop").getStatus().getReplicas()));
  }

  @Test
  void deleteRemovesEveryChildThroughGarbageCollection() {
    create("shop", SHOP);
    await()
        .atMost(TIMEOUT)
        .until(() -> deployment("shop") != null && cluster.app("shop").getStatus() != null);

    client.resources(TwistedApplication.class).inNamespace(namespace).withName("shop").delete();

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              assertThat(client.apps().deployments().inNamespace(namespace).list().getItems())
                  .isEmpty();
              assertThat(
                      client
                          .configMaps()
                          .inNamespace(namespace)
                          .withLabel("app.kubernetes.io/instance", "shop")
                          .list()
                          .getItems())
                  .isEmpty();
              assertThat(client.services().inNamespace(namespace).withName("shop").get()).isNull();
              assertThat(
                      client
                          .policy()
                          .v1()
                          .podDisruptionBudget()
                          .inNamespace(namespace)
                          .list()
                          .getItems())
                  .isEmpty();
              assertThat(client.pods().inNamespace(namespace).list().getItems()).isEmpty();
            });
  }
}
