package io.twistd.testenv.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.KubeTestEnvExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The process node on bare Pods: real processes, addresses, volumes, probes and signals. */
@ExtendWith(KubeTestEnvExtension.class)
class ProcessNodeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final KubernetesClient client;
  private String namespace;
  private ProcessNode node;

  ProcessNodeTest(KubernetesClient client) {
    this.client = client;
  }

  @BeforeAll
  static void hostCanRunProcessNodes(ControlPlane kube) {
    Optional<String> reason = ProcessNode.unsupportedReason();
    assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse(""));
    // it publishes kube-root-ca.crt, which every pod's ServiceAccount token volume shows
    kube.startControllerManager();
  }

  @BeforeEach
  void startNode(ControlPlane kube) {
    namespace = kube.createNamespace("process-node", Map.of());
    node =
        ProcessNode.start(
            client,
            new ProcessNode.Settings(
                "node-" + namespace, namespace, PodServerImage.images(), Duration.ofSeconds(1)));
  }

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void runsAPodAsAProcessWithItsAddressVolumesEnvironmentAndUser() throws Exception {
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .endMetadata()
                .addToData("greeting", "hello")
                .build())
        .create();
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("token")
                .endMetadata()
                .addToStringData("token", "s3cret")
                .build())
        .create();
    create(
        new PodBuilder(server("full"))
            .editSpec()
            .withNewSecurityContext()
            .withRunAsUser(10001L)
            .withRunAsGroup(10001L)
            .withFsGroup(10001L)
            .addNewSysctl()
            .withName("net.ipv4.ip_unprivileged_port_start")
            .withValue("80")
            .endSysctl()
            .endSecurityContext()
            .editFirstContainer()
            .addNewEnv()
            .withName("GREETING")
            .withNewValueFrom()
            .withNewConfigMapKeyRef("greeting", "settings", false)
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("SHOUT")
            .withValue("$(GREETING)!")
            .endEnv()
            .addNewEnv()
            .withName("POD_IP")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.podIP")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewVolumeMount()
            .withName("settings")
            .withMountPath("/etc/app")
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("token")
            .withMountPath("/etc/app/secrets/token")
            .withReadOnly(true)
            .endVolumeMount()
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("settings")
            .withNewConfigMap()
            .withName("settings")
            .endConfigMap()
            .endVolume()
            .addNewVolume()
            .withName("token")
            .withNewSecret()
            .withSecretName("token")
            .endSecret()
            .endVolume()
            .addNewVolume()
            .withName("tmp")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .endSpec()
            .build());
    create(server("second"));

    String ip = awaitReady("full");
    assertThat(ip).startsWith("10.244.").isNotEqualTo(awaitReady("second"));
    assertThat(get(ip, "/file/etc/app/greeting")).isEqualTo("hello");
    assertThat(get(ip, "/file/etc/app/secrets/token/token")).isEqualTo("s3cret");
    assertThat(get(ip, "/ls/etc/app").split(",")).contains("..data", "greeting", "secrets");
    assertThat(get(ip, "/env/SHOUT")).isEqualTo("hello!");
    assertThat(get(ip, "/env/POD_IP")).isEqualTo(ip);
    assertThat(get(ip, "/id")).isEqualTo("10001 full 80");
    assertThat(get(ip, "/file/var/run/secrets/kubernetes.io/serviceaccount/namespace"))
        .isEqualTo(namespace);
    assertThat(get(ip, "/file/var/run/secrets/kubernetes.io/serviceaccount/token"))
        .startsWith("ey");
  }

  @Test
  void updatesAConfigMapVolumeThroughTheDataLinkSwap() throws Exception {
    client
        .configMaps()
        .inNamespace(namespace)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .endMetadata()
                .addToData("greeting", "hello")
                .build())
        .create();
    create(
        new PodBuilder(server("reader"))
            .editSpec()
            .editFirstContainer()
            .addNewVolumeMount()
            .withName("settings")
            .withMountPath("/etc/app")
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("settings")
            .withNewConfigMap()
            .withName("settings")
            .endConfigMap()
            .endVolume()
            .endSpec()
            .build());
    String ip = awaitReady("reader");
    assertThat(get(ip, "/file/etc/app/greeting")).isEqualTo("hello");

    client
        .configMaps()
        .inNamespace(namespace)
        .withName("settings")
        .edit(c -> new ConfigMapBuilder(c).addToData("greeting", "bonjour").build());

    await().atMost(TIMEOUT).until(() -> get(ip, "/file/etc/app/greeting").equals("bonjour"));
    // one timestamped directory: the previous one is gone once ..data points at the new one
    assertThat(get(ip, "/ls/etc/app")).matches("\\.\\.\\d{4}_[^,]*,\\.\\.data,greeting");
  }

  @Test
  void stopsADeletedPodWithSigtermThenWaitsForItWithinTheGracePeriod() {
    create(
        new PodBuilder(server("drains"))
            .editSpec()
            .withTerminationGracePeriodSeconds(20L)
            .editFirstContainer()
            .addNewEnv()
            .withName("STOP_MILLIS")
            .withValue("2000")
            .endEnv()
            .endContainer()
            .endSpec()
            .build());
    create(
        new PodBuilder(server("stubborn"))
            .editSpec()
            .withTerminationGracePeriodSeconds(2L)
            .editFirstContainer()
            .addNewEnv()
            .withName("STOP_MILLIS")
            .withValue("60000")
            .endEnv()
            .endContainer()
            .endSpec()
            .build());
    awaitReady("drains");
    awaitReady("stubborn");
    long drains = pid("drains");
    long stubborn = pid("stubborn");

    long deleted = System.nanoTime();
    client.pods().inNamespace(namespace).withName("drains").delete();
    client.pods().inNamespace(namespace).withName("stubborn").delete();

    await().atMost(TIMEOUT).until(() -> !alive(drains) && !alive(stubborn));
    Duration took = Duration.ofNanos(System.nanoTime() - deleted);
    assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
    await()
        .atMost(TIMEOUT)
        .until(() -> client.pods().inNamespace(namespace).list().getItems().isEmpty());
  }

  @Test
  void restartsAnEndedContainerWithBackOff() {
    create(
        new PodBuilder(server("crashes"))
            .editSpec()
            .editFirstContainer()
            .addNewEnv()
            .withName("EXIT_CODE")
            .withValue("3")
            .endEnv()
            .endContainer()
            .endSpec()
            .build());

    await()
        .atMost(TIMEOUT)
        .until(() -> container("crashes").map(c -> c.getRestartCount() >= 2).orElse(false));
    ContainerStatus status = container("crashes").orElseThrow();
    assertThat(status.getLastState().getTerminated().getExitCode()).isEqualTo(3);
    assertThat(status.getReady()).isFalse();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                container("crashes")
                    .map(c -> c.getState().getWaiting())
                    .map(w -> "CrashLoopBackOff".equals(w.getReason()))
                    .orElse(false));
  }

  @Test
  void aPodWithAnUnknownImageWaitsInErrImagePull() {
    create(
        new PodBuilder(server("unknown"))
            .editSpec()
            .editFirstContainer()
            .withImage("example/nothing:1")
            .endContainer()
            .endSpec()
            .build());

    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                container("unknown")
                    .map(c -> c.getState().getWaiting())
                    .map(w -> "ErrImagePull".equals(w.getReason()))
                    .orElse(false));
  }

  @Test
  void leavesNothingOnTheHostOnceClosed() {
    create(server("left"));
    awaitReady("left");
    long pid = pid("left");
    assertThat(node.hostFootprint()).isNotEmpty();

    node.close();

    assertThat(node.hostFootprint()).isEmpty();
    assertThat(alive(pid)).isFalse();
    assertThat(HostCommands.run("ip", "netns", "list")).doesNotContain(node.nodeName());
  }

  private Pod server(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("server")
        .withImage(PodServerImage.IMAGE)
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
        .endReadinessProbe()
        .endContainer()
        .endSpec()
        .build();
  }

  private void create(Pod pod) {
    client.pods().inNamespace(namespace).resource(pod).create();
  }

  private String awaitReady(String name) {
    await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              Pod pod = client.pods().inNamespace(namespace).withName(name).get();
              return pod.getStatus() != null
                  && pod.getStatus().getConditions().stream()
                      .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
            });
    return client.pods().inNamespace(namespace).withName(name).get().getStatus().getPodIP();
  }

  private Optional<ContainerStatus> container(String name) {
    Pod pod = client.pods().inNamespace(namespace).withName(name).get();
    if (pod == null
        || pod.getStatus() == null
        || pod.getStatus().getContainerStatuses().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(pod.getStatus().getContainerStatuses().get(0));
  }

  private long pid(String name) {
    String id = container(name).orElseThrow().getContainerID();
    return Long.parseLong(id.substring(id.lastIndexOf('/') + 1));
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static String get(String ip, String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://" + ip + ":8080" + path))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
    return response.body();
  }
}
