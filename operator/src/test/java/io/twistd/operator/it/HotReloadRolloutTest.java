package io.twistd.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.operator.Apps;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.KubeTestEnvExtension;
import io.twistd.testenv.NodeAgent;
import io.twistd.testenv.PodBehaviour;
import io.twistd.testenv.PodPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HotReload strategy on the real control plane: one ConfigMap updated in place, no pod
 * restarted, and the operator counting the pods on the new revision from their runtimes' {@code
 * /status} (answered here by {@link FakeRuntimes}).
 */
@ExtendWith(KubeTestEnvExtension.class)
class HotReloadRolloutTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final FakeRuntimes runtimes = new FakeRuntimes();

  @RegisterExtension
  static final OperatorHarness harness = OperatorHarness.askingPodsThrough(runtimes.probe());

  private final KubernetesClient client;
  private String namespace;
  private Cluster cluster;
  private NodeAgent node;

  HotReloadRolloutTest(KubernetesClient client) {
    this.client = client;
  }

  @BeforeEach
  void startNode(ControlPlane kube) {
    namespace = kube.createNamespace("hot", Map.of());
    cluster = new Cluster(client, namespace);
    runtimes.attach(client);
    runtimes.releaseAll();
    node =
        NodeAgent.start(
            client, "node-" + namespace, namespace, PodPolicy.always(PodBehaviour.READY));
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  @AfterAll
  static void stopRuntimes() {
    runtimes.close();
  }

  private static final String SPEC =
      """
      replicas: 2
      services:
        - {name: web, type: web, listen: ["tcp:8080"], options: {path: /srv/www}}
      config: {greeting: hello}
      rollout: {strategy: HotReload}
      """;

  private String createReady(String name) {
    client.resource(Apps.fromYaml(name, namespace, SPEC)).create();
    await().atMost(TIMEOUT).until(() -> "True".equals(cluster.condition(name, "Ready")));
    await()
        .atMost(TIMEOUT)
        .until(() -> cluster.app(name).getStatus().getLastGoodRevision() != null);
    return cluster.app(name).getStatus().getLastGoodRevision();
  }

  private List<Pod> pods(String app) {
    return client
        .pods()
        .inNamespace(namespace)
        .withLabel("app.kubernetes.io/instance", app)
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .sorted((a, b) -> a.getMetadata().getName().compareTo(b.getMetadata().getName()))
        .toList();
  }

  private List<String> podNames(String app) {
    return pods(app).stream().map(p -> p.getMetadata().getName()).toList();
  }

  private String stableConfig(String app) {
    return client
        .configMaps()
        .inNamespace(namespace)
        .withName(app + "-config")
        .get()
        .getData()
        .get("app.yaml");
  }

  private Condition condition(String name, String type) {
    return cluster.app(name).getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private Deployment deployment(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name).get();
  }

  @Test
  void configChangeReachesThePodsInPlaceAndStatusCountsThePodsOnIt() {
    String first = createReady("live");
    List<String> podsBefore = podNames("live");
    int replicaSets = cluster.replicaSets().size();
    assertThat(deployment("live").getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(v -> assertThat(v.getConfigMap().getName()).isEqualTo("live-config"));
    Pod slow = pods("live").get(0);
    runtimes.hold(slow, first);

    cluster.patchSpec("live", "{\"config\": {\"greeting\": \"bonjour\"}}");

    await().atMost(TIMEOUT).until(() -> stableConfig("live").contains("bonjour"));
    await()
        .atMost(TIMEOUT)
        .until(() -> !first.equals(cluster.app("live").getStatus().getCurrentRevision()));
    String second = cluster.app("live").getStatus().getCurrentRevision();
    assertThat(stableConfig("live")).contains(second);
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () -> {
              TwistedApplication app = cluster.app("live");
              assertThat(app.getStatus().getUpdatedReplicas()).isEqualTo(1);
              assertThat(condition("live", "Progressing").getStatus()).isEqualTo("True");
              assertThat(condition("live", "Progressing").getMessage())
                  .isEqualTo("1 of 2 pods run revision " + second);
            });
    assertThat(cluster.app("live").getStatus().getLastGoodRevision()).isEqualTo(first);

    runtimes.releaseAll();

    await()
        .atMost(TIMEOUT)
        .until(() -> second.equals(cluster.app("live").getStatus().getLastGoodRevision()));
    assertThat(cluster.app("live").getStatus().getUpdatedReplicas()).isEqualTo(2);
    assertThat(condition("live", "Progressing").getReason()).isEqualTo("RolloutComplete");
    assertThat(podNames("live")).as("no pod was restarted").isEqualTo(podsBefore);
    assertThat(cluster.replicaSets()).hasSize(replicaSets);
    assertThat(client.configMaps().inNamespace(namespace).withName("live-config-" + second).get())
        .as("the revision's snapshot, for rollback")
        .isNotNull();
  }

  @Test
  void podThatRefusesTheNewConfigDegradesTheApplicationAndTheConfigMapIsRolledBack() {
    String first = createReady("refused");
    Pod picky = pods("refused").get(1);
    runtimes.refuse(picky, first, "app.yaml:4:7: services[0].options.path: no such directory");

    cluster.patchSpec("refused", "{\"config\": {\"greeting\": \"hola\"}}");

    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(cluster.app("refused").getStatus().getFailedRevision())
                    .as("status %s", Serialization.asJson(cluster.app("refused").getStatus()))
                    .isNotNull());
    String failed = cluster.app("refused").getStatus().getFailedRevision();
    Condition degraded = condition("refused", "Degraded");
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getReason()).isEqualTo("RolloutFailed");
    assertThat(degraded.getMessage())
        .isEqualTo(
            "revision "
                + failed
                + " failed: pod "
                + picky.getMetadata().getName()
                + " could not reload: app.yaml:4:7: services[0].options.path: no such directory;"
                + " rolled back to "
                + first);
    await().atMost(TIMEOUT).until(() -> stableConfig("refused").contains(first));
    assertThat(stableConfig("refused")).doesNotContain("hola");
    assertThat(cluster.app("refused").getStatus().getCurrentRevision()).isEqualTo(first);
  }

  @Test
  void changeThatCannotBeReloadedRollsThePodsTheRestartWay() {
    String first = createReady("image");
    List<String> podsBefore = podNames("image");
    int replicaSets = cluster.replicaSets().size();

    cluster.patchSpec("image", "{\"image\": \"twistd/twistd-runtime:next\"}");

    await()
        .atMost(TIMEOUT)
        .until(() -> !first.equals(cluster.app("image").getStatus().getLastGoodRevision()));
    assertThat(cluster.replicaSets()).hasSize(replicaSets + 1);
    assertThat(podNames("image")).doesNotContainAnyElementsOf(podsBefore);
    assertThat(
            deployment("image").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("twistd/twistd-runtime:next");
  }
}
