package io.twistd.testenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The node agent on bare Pods, without the controller manager. */
@ExtendWith(KubeTestEnvExtension.class)
class NodeAgentTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final AtomicReference<PodBehaviour> slowBehaviour =
      new AtomicReference<>(PodBehaviour.NEVER_READY);
  private String namespace;
  private NodeAgent node;

  NodeAgentTest(KubernetesClient client) {
    this.client = client;
  }

  @BeforeEach
  void startNode(ControlPlane kube) {
    namespace = kube.createNamespace("agent", Map.of());
    PodPolicy byLabel = PodPolicy.fromLabel(Deployments.BEHAVIOUR_LABEL, PodBehaviour.READY);
    node =
        NodeAgent.start(
            client,
            "node-" + namespace,
            namespace,
            pod ->
                "slow".equals(pod.getMetadata().getName())
                    ? slowBehaviour.get()
                    : byLabel.behaviourOf(pod));
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  @Test
  void registersReadyNode() {
    assertThat(client.nodes().withName(node.nodeName()).get().getStatus().getConditions())
        .filteredOn(c -> c.getType().equals("Ready"))
        .singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
  }

  @Test
  void bindsPendingPodAndMakesItReady() {
    create(pod("ready", PodBehaviour.READY));

    await().atMost(TIMEOUT).until(() -> ready(get("ready")));
    Pod pod = get("ready");
    assertThat(pod.getSpec().getNodeName()).isEqualTo(node.nodeName());
    assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
  }

  @Test
  void givesEachRunningPodItsOwnAddressWhichEndpointSlicesAccept() {
    create(pod("first", PodBehaviour.READY));
    create(pod("second", PodBehaviour.NEVER_READY));

    await().atMost(TIMEOUT).until(() -> get("first").getStatus().getPodIP() != null);
    await().atMost(TIMEOUT).until(() -> get("second").getStatus().getPodIP() != null);
    String first = get("first").getStatus().getPodIP();
    String second = get("second").getStatus().getPodIP();
    assertThat(first).isNotEqualTo(second).startsWith("198.18.");
    assertThat(get("first").getStatus().getPodIPs())
        .extracting(PodIP::getIp)
        .containsExactly(first);
    // the API server validates addresses in EndpointSlices; loopback ones it refuses
    client
        .discovery()
        .v1()
        .endpointSlices()
        .inNamespace(namespace)
        .resource(
            new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("pods")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint()
                .withAddresses(first)
                .endEndpoint()
                .build())
        .create();
  }

  @Test
  void neverReadyPodRunsButStaysUnready() {
    create(pod("unready", PodBehaviour.NEVER_READY));

    await().atMost(TIMEOUT).until(() -> "Running".equals(get("unready").getStatus().getPhase()));
    assertThat(ready(get("unready"))).isFalse();
    assertThat(get("unready").getStatus().getContainerStatuses().get(0).getState().getRunning())
        .isNotNull();
  }

  @Test
  void crashLoopingPodWaitsInCrashLoopBackOff() {
    create(pod("crashing", PodBehaviour.CRASH_LOOP_BACK_OFF));

    await().atMost(TIMEOUT).until(() -> "Running".equals(get("crashing").getStatus().getPhase()));
    var container = get("crashing").getStatus().getContainerStatuses().get(0);
    assertThat(container.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(container.getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(container.getRestartCount()).isPositive();
    assertThat(ready(get("crashing"))).isFalse();
  }

  @Test
  void unschedulablePodStaysPending() {
    create(pod("pending", PodBehaviour.UNSCHEDULABLE));
    create(pod("witness", PodBehaviour.READY));

    await().atMost(TIMEOUT).until(() -> ready(get("witness")));
    assertThat(get("pending").getSpec().getNodeName()).isNull();
    assertThat(get("pending").getStatus().getPhase()).isEqualTo("Pending");
  }

  @Test
  void refreshAppliesTheChangedPolicy() {
    create(pod("slow", PodBehaviour.READY));
    await().atMost(TIMEOUT).until(() -> "Running".equals(get("slow").getStatus().getPhase()));
    assertThat(ready(get("slow"))).isFalse();

    slowBehaviour.set(PodBehaviour.READY);
    node.refresh();

    await().atMost(TIMEOUT).until(() -> ready(get("slow")));
  }

  @Test
  void deletedPodIsRemovedAtOnce() {
    create(pod("doomed", PodBehaviour.READY));
    await().atMost(TIMEOUT).until(() -> ready(get("doomed")));

    client.pods().inNamespace(namespace).withName("doomed").delete();

    await().atMost(TIMEOUT).until(() -> get("doomed") == null);
  }

  private void create(Pod pod) {
    client.pods().inNamespace(namespace).resource(pod).create();
  }

  private Pod get(String name) {
    return client.pods().inNamespace(namespace).withName(name).get();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions().stream()
            .filter(c -> c.getType().equals("Ready"))
            .map(PodCondition::getStatus)
            .anyMatch("True"::equals);
  }

  private static Pod pod(String name, PodBehaviour behaviour) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels(Deployments.BEHAVIOUR_LABEL, behaviour.name())
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("twistd-runtime:test")
        .endContainer()
        .endSpec()
        .build();
  }
}
