package io.twistd.testenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Deployments → ReplicaSets → Pods, run by the real controller manager and a node agent. */
@ExtendWith(KubeTestEnvExtension.class)
class DeploymentRolloutTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final KubernetesClient client;
  private String namespace;
  private NodeAgent node;

  DeploymentRolloutTest(KubernetesClient client) {
    this.client = client;
  }

  @BeforeAll
  static void startControllers(ControlPlane kube) {
    kube.startControllerManager();
  }

  @BeforeEach
  void startNode(ControlPlane kube) {
    namespace = kube.createNamespace("rollout", Map.of());
    node =
        NodeAgent.start(
            client,
            "node-" + namespace,
            namespace,
            PodPolicy.fromLabel(Deployments.BEHAVIOUR_LABEL, PodBehaviour.READY));
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  @Test
  void deploymentBecomesAvailableThroughReplicaSetAndPods() {
    create(Deployments.deployment("web", 2, PodBehaviour.READY, 60));

    await().atMost(TIMEOUT).until(() -> Deployments.rolledOut(deployment("web").get()));

    Deployment web = deployment("web").get();
    assertThat(Deployments.condition(web, "Available"))
        .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(pods("web"))
        .hasSize(2)
        .allSatisfy(pod -> assertThat(pod.getSpec().getNodeName()).isEqualTo(node.nodeName()));
  }

  @Test
  void rollingUpdateReplacesEveryPod() {
    create(Deployments.deployment("web", 2, PodBehaviour.READY, 60));
    await().atMost(TIMEOUT).until(() -> Deployments.rolledOut(deployment("web").get()));
    List<String> before = pods("web").stream().map(p -> p.getMetadata().getName()).toList();

    deployment("web")
        .edit(
            d ->
                new DeploymentBuilder(d)
                    .editSpec()
                    .editTemplate()
                    .editMetadata()
                    .addToAnnotations("twistd.io/revision", "2")
                    .endMetadata()
                    .endTemplate()
                    .endSpec()
                    .build());

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                Deployments.rolledOut(deployment("web").get())
                    && pods("web").stream()
                        .noneMatch(p -> before.contains(p.getMetadata().getName())));
    assertThat(Deployments.condition(deployment("web").get(), "Progressing"))
        .hasValueSatisfying(c -> assertThat(c.getReason()).isEqualTo("NewReplicaSetAvailable"));
    assertThat(replicaSets("web"))
        .extracting(rs -> rs.getStatus().getReplicas())
        .containsExactlyInAnyOrder(2, 0);
  }

  @Test
  void rolloutToPodsThatNeverBecomeReadyExceedsProgressDeadline() {
    assertRolloutStallsInto(PodBehaviour.NEVER_READY);
  }

  @Test
  void rolloutToCrashLoopingPodsExceedsProgressDeadline() {
    List<Pod> stuck = assertRolloutStallsInto(PodBehaviour.CRASH_LOOP_BACK_OFF);

    assertThat(stuck)
        .singleElement()
        .satisfies(
            pod ->
                assertThat(pod.getStatus().getContainerStatuses().get(0).getState().getWaiting())
                    .satisfies(w -> assertThat(w.getReason()).isEqualTo("CrashLoopBackOff")));
  }

  /** Rolls a ready Deployment into {@code behaviour}; returns the new, stuck Pods. */
  private List<Pod> assertRolloutStallsInto(PodBehaviour behaviour) {
    create(Deployments.deployment("web", 2, PodBehaviour.READY, 3));
    await().atMost(TIMEOUT).until(() -> Deployments.rolledOut(deployment("web").get()));

    deployment("web")
        .edit(
            d ->
                new DeploymentBuilder(d)
                    .editSpec()
                    .editTemplate()
                    .editMetadata()
                    .addToLabels(Deployments.BEHAVIOUR_LABEL, behaviour.name())
                    .endMetadata()
                    .endTemplate()
                    .endSpec()
                    .build());

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                Deployments.condition(deployment("web").get(), "Progressing")
                    .filter(c -> "False".equals(c.getStatus()))
                    .filter(c -> "ProgressDeadlineExceeded".equals(c.getReason()))
                    .isPresent());
    Deployment web = deployment("web").get();
    assertThat(web.getStatus().getAvailableReplicas()).isEqualTo(2);
    assertThat(web.getStatus().getUpdatedReplicas()).isEqualTo(1);
    return pods("web").stream()
        .filter(
            p ->
                behaviour
                    .name()
                    .equals(p.getMetadata().getLabels().get(Deployments.BEHAVIOUR_LABEL)))
        .toList();
  }

  private void create(Deployment deployment) {
    client.apps().deployments().inNamespace(namespace).resource(deployment).create();
  }

  private RollableScalableResource<Deployment> deployment(String name) {
    return client.apps().deployments().inNamespace(namespace).withName(name);
  }

  private List<Pod> pods(String app) {
    return client.pods().inNamespace(namespace).withLabel("app", app).list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .toList();
  }

  private List<ReplicaSet> replicaSets(String app) {
    return client
        .apps()
        .replicaSets()
        .inNamespace(namespace)
        .withLabel("app", app)
        .list()
        .getItems();
  }
}
