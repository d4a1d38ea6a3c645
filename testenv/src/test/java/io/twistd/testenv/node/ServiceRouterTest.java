package io.twistd.testenv.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.KubeTestEnvExtension;
import io.twistd.testenv.ServiceRouter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The router over EndpointSlices that the controller manager writes for pods of a process node:
 * only ready pods, in turn, and a terminating pod left out while it still runs.
 */
@ExtendWith(KubeTestEnvExtension.class)
class ServiceRouterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final KubernetesClient client;
  private String namespace;
  private ProcessNode node;
  private ServiceRouter router;

  ServiceRouterTest(KubernetesClient client) {
    this.client = client;
  }

  @BeforeAll
  static void controllerManager(ControlPlane kube) {
    Optional<String> reason = ProcessNode.unsupportedReason();
    assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse(""));
    kube.startControllerManager();
  }

  @BeforeEach
  void start(ControlPlane kube) {
    namespace = kube.createNamespace("router", Map.of());
    node =
        ProcessNode.start(
            client,
            ProcessNode.Settings.of("node-" + namespace, namespace, PodServerImage.images()));
    router = ServiceRouter.watch(client, namespace);
  }

  @AfterEach
  void stop() {
    router.close();
    node.close();
  }

  @Test
  void routesInTurnToReadyPodsOnlyAndDropsATerminatingPodBeforeItStops() throws Exception {
    client
        .services()
        .inNamespace(namespace)
        .resource(
            new ServiceBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .addToSelector("app", "web")
                .addNewPort()
                .withName("http")
                .withPort(80)
                .withTargetPort(new IntOrString("http"))
                .endPort()
                .endSpec()
                .build())
        .create();
    String first = start("first");
    String second = start("second");
    await().atMost(TIMEOUT).until(() -> router.ready("web", "http").size() == 2);
    assertThat(router.ready("web", "http"))
        .extracting(ServiceRouter.Destination::address, ServiceRouter.Destination::port)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(first, 8080),
            org.assertj.core.groups.Tuple.tuple(second, 8080));
    List<String> turns = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      turns.add(router.next("web", "http").orElseThrow().address());
    }
    assertThat(turns.subList(0, 2)).containsExactlyInAnyOrder(first, second);
    assertThat(turns.subList(2, 4)).isEqualTo(turns.subList(0, 2));

    get(first, "/set-ready/false");
    await().atMost(TIMEOUT).until(() -> addresses().equals(List.of(second)));
    get(first, "/set-ready/true");
    await().atMost(TIMEOUT).until(() -> addresses().size() == 2);

    long secondPid = pid("second");
    client.pods().inNamespace(namespace).withName("second").delete();
    await().atMost(TIMEOUT).until(() -> addresses().equals(List.of(first)));
    // left out at once, while it still drains for three seconds
    assertThat(ProcessHandle.of(secondPid).map(ProcessHandle::isAlive)).contains(true);
  }

  private List<String> addresses() {
    return router.ready("web", "http").stream().map(ServiceRouter.Destination::address).toList();
  }

  private long pid(String name) {
    String id =
        client
            .pods()
            .inNamespace(namespace)
            .withName(name)
            .get()
            .getStatus()
            .getContainerStatuses()
            .get(0)
            .getContainerID();
    return Long.parseLong(id.substring(id.lastIndexOf('/') + 1));
  }

  private String start(String name) {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .addToLabels("app", "web")
            .endMetadata()
            .withNewSpec()
            .withTerminationGracePeriodSeconds(30L)
            .addNewContainer()
            .withName("server")
            .withImage(PodServerImage.IMAGE)
            .addNewEnv()
            .withName("STOP_MILLIS")
            .withValue("3000")
            .endEnv()
            .addNewPort()
            .withName("http")
            .withContainerPort(8080)
            .endPort()
            .withNewReadinessProbe()
            .withNewHttpGet()
            .withPath("/readyz")
            .withNewPort("http")
            .endHttpGet()
            .withPeriodSeconds(1)
            .withFailureThreshold(1)
            .endReadinessProbe()
            .endContainer()
            .endSpec()
            .build();
    client.pods().inNamespace(namespace).resource(pod).create();
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              Pod current = client.pods().inNamespace(namespace).withName(name).get();
              return current.getStatus() != null && current.getStatus().getPodIP() != null;
            });
    return client.pods().inNamespace(namespace).withName(name).get().getStatus().getPodIP();
  }

  private static String get(String ip, String path) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + ip + ":8080" + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }
}
