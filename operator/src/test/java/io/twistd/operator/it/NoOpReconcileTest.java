package io.twistd.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.operator.Apps;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.KubeTestEnvExtension;
import io.twistd.testenv.NodeAgent;
import io.twistd.testenv.PodBehaviour;
import io.twistd.testenv.PodPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A reconcile that finds nothing to change writes nothing, across operator restarts too. */
@ExtendWith(KubeTestEnvExtension.class)
class NoOpReconcileTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  @RegisterExtension static final OperatorHarness harness = new OperatorHarness();
  private final KubernetesClient client;
  private Cluster cluster;
  private NodeAgent node;

  NoOpReconcileTest(KubernetesClient client) {
    this.client = client;
  }

  @BeforeEach
  void startNode(ControlPlane kube) {
    String namespace = kube.createNamespace("noop", Map.of());
    cluster = new Cluster(client, namespace);
    node =
        NodeAgent.start(
            client, "node-" + namespace, namespace, PodPolicy.always(PodBehaviour.READY));
    client
        .resource(
            Apps.fromYaml(
                "steady",
                namespace,
                """
                replicas: 2
                services:
                  - {name: web, type: web, listen: ["tcp:8080"], options: {path: /srv/www}}
                config: {b: {y: 2, x: 1}, a: 1}
                """))
        .create();
    await().atMost(TIMEOUT).until(() -> "True".equals(cluster.condition("steady", "Ready")));
    // Settled: nothing is written for a while.
    await()
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofMillis(500))
        .until(new StableFor(cluster::writableState, Duration.ofSeconds(3)));
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  private double unchangedReconciles() {
    return harness
        .operator()
        .metrics()
        .counter("twistd.operator.reconciles", "outcome", "unchanged")
        .count();
  }

  @Test
  void operatorRestartsReconcileEverythingAndWriteNothing() {
    Map<String, String> before = cluster.writableState();
    int replicaSets = cluster.replicaSets().size();

    for (int restart = 0; restart < 3; restart++) {
      harness.restartOperator();
      await().atMost(TIMEOUT).until(() -> unchangedReconciles() >= 1);
    }

    assertThat(cluster.writableState()).isEqualTo(before);
    assertThat(cluster.replicaSets()).hasSize(replicaSets);
  }

  @Test
  void reorderedConfigKeysAndUnrelatedMetadataRollNothing() {
    Map<String, String> deployments = deploymentVersions();
    int replicaSets = cluster.replicaSets().size();

    cluster.patchSpec("steady", "{\"config\": {\"a\": 1, \"b\": {\"x\": 1, \"y\": 2}}}");
    client
        .resources(io.twistd.api.crd.TwistedApplication.class)
        .inNamespace(cluster.app("steady").getMetadata().getNamespace())
        .withName("steady")
        .edit(
            a -> {
              a.getMetadata().getLabels().put("team", "payments");
              return a;
            });
    harness.restartOperator();
    await().atMost(TIMEOUT).until(() -> unchangedReconciles() >= 1);

    assertThat(deploymentVersions()).isEqualTo(deployments);
    assertThat(cluster.replicaSets()).hasSize(replicaSets);
  }

  private Map<String, String> deploymentVersions() {
    Map<String, String> all = cluster.writableState();
    all.keySet().removeIf(key -> !key.startsWith("Deployment/") && !key.startsWith("ConfigMap/"));
    return all;
  }
}
