package io.twistd.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.testenv.ServiceRouter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The product as a user sees it, written once: apply a TwistedApplication, reach it through its
 * Service, change its config under load, scale it, delete it. A runner supplies the cluster (a
 * process node on the test control plane here, a real k3s where Docker exists) and how this JVM
 * reaches a pod.
 *
 * <p>Every test works in a namespace of its own that enforces the Pod Security {@code restricted}
 * profile, with the operator watching it. "Zero failed requests" means: two clients kept GETting
 * the page through the Service's ready endpoints all along, and not one request went unanswered or
 * got a non-2xx status.
 */
abstract class EndToEndScenario {

  static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Duration LOAD_BOUND = Duration.ofMinutes(3);
  private static final String APP = "site";
  private static final String PORT = "web";
  private static final String SELECTOR = "app.kubernetes.io/instance=" + APP;
  private static final Path STATIC_SITE = Path.of("..", "examples", "static-site", "site.yaml");

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private String namespace;
  private ServiceRouter router;
  private ServiceLoad load;

  private static final Logger LOG = LoggerFactory.getLogger(EndToEndScenario.class);

  /** The cluster's admin client. */
  protected abstract KubernetesClient client();

  /** A new namespace labelled {@code labels}, watched by the operator and served by the nodes. */
  protected abstract String openNamespace(Map<String, String> labels);

  /** Ends what {@link #openNamespace} started for {@code namespace}. */
  protected abstract void closeNamespace(String namespace);

  /**
   * Runs kubectl against the cluster with {@code stdin} (may be null) and returns its output.
   *
   * @throws AssertionError when it exits non-zero
   */
  protected abstract String kubectl(String stdin, String... args);

  /** The base URI under which this JVM reaches {@code destination}. */
  protected abstract URI reach(ServiceRouter.Destination destination);

  /** What identifies each container process that runs now for {@code namespace}. */
  protected abstract Set<String> runningContainers(String namespace);

  /** Fails unless the nodes keep nothing of {@code namespace}: no process, sandbox or file. */
  protected abstract void assertNodesKeepNothing(String namespace);

  @BeforeEach
  void openTestNamespace() {
    namespace = openNamespace(Map.of("pod-security.kubernetes.io/enforce", "restricted"));
    router = ServiceRouter.watch(client(), namespace);
  }

  @AfterEach
  void closeTestNamespace() throws InterruptedException {
    // no request may outlive the pods it goes to
    if (load != null) {
      load.stop();
    }
    if (router != null) {
      router.close();
    }
    closeNamespace(namespace);
  }

  @Test
  void staticSiteExampleIsServedThroughItsService() throws Exception {
    apply(Files.readString(STATIC_SITE));
    awaitReady(2);

    assertThat(get("/")).contains("<h1>Served by twistd</h1>");
    assertThat(get("/style.css")).contains("font-family");
  }

  @Test
  void restartRolloutReplacesEveryPodWithoutAFailedRequest() throws Exception {
    apply(site("v1", 2, ""));
    awaitServing(2, "v1");
    Set<String> before = podUids();

    ServiceLoad load = startLoad();
    kubectl(null, "patch", "tapp", APP, "-n", namespace, "--type", "merge", "-p", filesPatch("v2"));

    await("every pod replaced")
        .atMost(TIMEOUT)
        .until(() -> pods().size() == 2 && pods().stream().noneMatch(p -> before.contains(uid(p))));
    awaitServing(2, "v2");
    ServiceLoad.Report report = stopLoad();

    assertThat(report.failures()).isEmpty();
    assertThat(report.bodies().keySet()).containsExactlyInAnyOrder("v1", "v2");
    assertThat(report.succeeded()).isGreaterThan(100);
  }

  @Test
  void hotReloadChangesTheServedContentWithoutRestartingAPod() throws Exception {
    apply(site("v1", 2, "  rollout: {strategy: HotReload}\n"));
    awaitServing(2, "v1");
    Set<String> before = podUids();

    ServiceLoad load = startLoad();
    kubectl(null, "patch", "tapp", APP, "-n", namespace, "--type", "merge", "-p", filesPatch("v2"));

    await("the new content served").atMost(TIMEOUT).until(() -> allAnswer("v2"));
    ServiceLoad.Report report = stopLoad();

    assertThat(podUids()).isEqualTo(before);
    assertThat(pods())
        .allSatisfy(
            pod ->
                assertThat(pod.getStatus().getContainerStatuses())
                    .allSatisfy(c -> assertThat(c.getRestartCount()).isZero()));
    assertThat(report.failures()).isEmpty();
    assertThat(report.bodies().keySet()).containsExactlyInAnyOrder("v1", "v2");
  }

  @Test
  void badConfigIsRolledBackWithoutAFailedRequest() throws Exception {
    apply(site("v1", 2, "  rollout: {progressDeadlineSeconds: 30}\n"));
    awaitServing(2, "v1");
    Set<String> before = podUids();

    ServiceLoad load = startLoad();
    // valid for the operator, but the runtime cannot start: the directory to serve does not exist
    kubectl(
        null,
        "patch",
        "tapp",
        APP,
        "-n",
        namespace,
        "--type",
        "merge",
        "-p",
        "{\"spec\":{\"services\":[{\"name\":\"web\",\"type\":\"web\",\"listen\":[\"tcp:8080\"],"
            + "\"options\":{\"path\":\"/does/not/exist\"}}]}}");

    await("the rollout declared failed")
        .atMost(TIMEOUT)
        .until(() -> "True".equals(condition("Degraded")));
    await("only the last good pods left").atMost(TIMEOUT).until(() -> podUids().equals(before));
    ServiceLoad.Report report = stopLoad();

    assertThat(report.failures()).isEmpty();
    assertThat(report.bodies().keySet()).containsExactly("v1");
    assertThat(conditionReason("Degraded")).isEqualTo("RolloutFailed");
  }

  @Test
  void scalingToThreeAndBackFailsNoRequest() throws Exception {
    apply(site("scaled", 2, ""));
    awaitServing(2, "scaled");

    ServiceLoad load = startLoad();
    kubectl(null, "scale", "tapp", APP, "-n", namespace, "--replicas=3");
    await("three ready endpoints").atMost(TIMEOUT).until(() -> router.ready(APP, PORT).size() == 3);
    kubectl(null, "scale", "tapp", APP, "-n", namespace, "--replicas=2");
    await("back to two pods")
        .atMost(TIMEOUT)
        .until(() -> pods().size() == 2 && router.ready(APP, PORT).size() == 2);
    await("two containers left")
        .atMost(TIMEOUT)
        .until(() -> runningContainers(namespace).size() == 2);
    ServiceLoad.Report report = stopLoad();

    assertThat(report.failures()).isEmpty();
    assertThat(report.succeeded()).isGreaterThan(100);
  }

  @Test
  void deletingTheApplicationEndsEveryProcessWithinItsGracePeriodAndLeavesNothing()
      throws Exception {
    apply(site("bye", 2, ""));
    awaitServing(2, "bye");
    assertThat(runningContainers(namespace)).hasSize(2);
    long grace = pods().get(0).getSpec().getTerminationGracePeriodSeconds();

    long deleted = System.nanoTime();
    kubectl(null, "delete", "tapp", APP, "-n", namespace, "--wait=false");
    await("every container process ended")
        .atMost(Duration.ofSeconds(grace + 5))
        .until(() -> runningContainers(namespace).isEmpty());
    Duration took = Duration.ofNanos(System.nanoTime() - deleted);

    assertThat(took).isLessThan(Duration.ofSeconds(grace));
    await("nothing of the application left in the API")
        .atMost(TIMEOUT)
        .until(() -> leftInApi().isEmpty());
    await("nothing left on the nodes")
        .atMost(TIMEOUT)
        .untilAsserted(() -> assertNodesKeepNothing(namespace));
  }

  private static String site(String content, int replicas, String moreSpec) {
    return """
        apiVersion: twistd.io/v1alpha1
        kind: TwistedApplication
        metadata:
          name: %s
        spec:
          replicas: %d
          services:
            - {name: web, type: web, listen: ["tcp:8080"], options: {path: .}}
          files:
            index.html: "%s"
        %s"""
        .formatted(APP, replicas, content, moreSpec);
  }

  private static String filesPatch(String content) {
    return "{\"spec\":{\"files\":{\"index.html\":\"" + content + "\"}}}";
  }

  private void apply(String yaml) {
    kubectl(yaml, "apply", "-n", namespace, "-f", "-");
  }

  private ServiceLoad.Report stopLoad() throws InterruptedException {
    ServiceLoad.Report report = load.stop();
    LOG.info(
        "load: {} requests answered, {} failed, bodies {}",
        report.succeeded(),
        report.failures().size(),
        report.bodies());
    return report;
  }

  private ServiceLoad startLoad() {
    ServiceLoad started =
        new ServiceLoad(router, APP, PORT, "index.html", this::reach, 2, LOAD_BOUND).start();
    load = started;
    await("traffic flows").atMost(TIMEOUT).until(() -> started.succeeded() > 20);
    return started;
  }

  /** Waits until the application is Ready and every one of {@code replicas} endpoints answers. */
  private void awaitServing(int replicas, String body) {
    awaitReady(replicas);
    await("serving " + body).atMost(TIMEOUT).until(() -> allAnswer(body));
  }

  /** Waits until the application is Ready and its Service has {@code replicas} ready endpoints. */
  private void awaitReady(int replicas) {
    kubectl(
        null,
        "wait",
        "--for=condition=Ready",
        "tapp/" + APP,
        "-n",
        namespace,
        "--timeout=" + TIMEOUT.toSeconds() + "s");
    await(replicas + " ready endpoints")
        .atMost(TIMEOUT)
        .until(() -> router.ready(APP, PORT).size() == replicas);
  }

  private boolean allAnswer(String body) throws InterruptedException {
    List<ServiceRouter.Destination> ready = router.ready(APP, PORT);
    for (ServiceRouter.Destination destination : ready) {
      Optional<String> answer = fetch(destination, "index.html");
      if (answer.isEmpty() || !answer.get().equals(body)) {
        return false;
      }
    }
    return !ready.isEmpty();
  }

  private String get(String path) throws InterruptedException {
    ServiceRouter.Destination destination = router.next(APP, PORT).orElseThrow();
    return fetch(destination, path.substring(1)).orElseThrow();
  }

  private Optional<String> fetch(ServiceRouter.Destination destination, String path)
      throws InterruptedException {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(reach(destination).resolve(path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? Optional.of(response.body().strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private List<Pod> pods() {
    return client().pods().inNamespace(namespace).withLabelSelector(SELECTOR).list().getItems();
  }

  private Set<String> podUids() {
    return pods().stream().map(EndToEndScenario::uid).collect(Collectors.toSet());
  }

  private static String uid(Pod pod) {
    return pod.getMetadata().getUid();
  }

  private String condition(String type) {
    return kubectl(
        null,
        "get",
        "tapp",
        APP,
        "-n",
        namespace,
        "-o",
        "jsonpath={.status.conditions[?(@.type==\"" + type + "\")].status}");
  }

  private String conditionReason(String type) {
    return kubectl(
        null,
        "get",
        "tapp",
        APP,
        "-n",
        namespace,
        "-o",
        "jsonpath={.status.conditions[?(@.type==\"" + type + "\")].reason}");
  }

  /** What the application owned that still exists: pods, workloads, Services, its ConfigMaps. */
  private List<String> leftInApi() {
    KubernetesClient client = client();
    return java.util.stream.Stream.of(
            client.pods().inNamespace(namespace).list().getItems(),
            client.apps().deployments().inNamespace(namespace).list().getItems(),
            client.apps().replicaSets().inNamespace(namespace).list().getItems(),
            client.services().inNamespace(namespace).list().getItems(),
            client.policy().v1().podDisruptionBudget().inNamespace(namespace).list().getItems(),
            client
                .configMaps()
                .inNamespace(namespace)
                .withLabelSelector(SELECTOR)
                .list()
                .getItems())
        .flatMap(List::stream)
        .map(o -> o.getKind() + "/" + o.getMetadata().getName())
        .toList();
  }
}
