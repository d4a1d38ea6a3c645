package io.twistd.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.operator.Apps;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.KubeTestEnvExtension;
import io.twistd.testenv.NodeAgent;
import io.twistd.testenv.PodBehaviour;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Restart-strategy rollouts on the real control plane: a good change completes, a bad one is rolled
 * back automatically, Secrets roll the pods, old revisions are pruned, and an operator restart in
 * the middle of a rollout changes nothing.
 *
 * <p>The fake node runs each pod as its container's {@code BEHAVIOUR} environment variable says
 * (READY when unset), so a spec change of {@code pod.env} makes a revision whose pods never become
 * ready or crash-loop.
 */
@ExtendWith(KubeTestEnvExtension.class)
class RestartRolloutTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String BEHAVIOUR = "BEHAVIOUR";

  @RegisterExtension static final OperatorHarness harness = new OperatorHarness();
  private final KubernetesClient client;
  private String namespace;
  private Cluster cluster;
  private NodeAgent node;

  /** When set, every pod behaves so, whatever its environment says. */
  private final AtomicReference<PodBehaviour> everyPod = new AtomicReference<>();

  RestartRolloutTest(KubernetesClient client) {
    this.client = client;
  }

  @BeforeEach
  void startNode(ControlPlane kube) {
    namespace = kube.createNamespace("rollout", Map.of());
    cluster = new Cluster(client, namespace);
    node =
        NodeAgent.start(
            client,
            "node-" + namespace,
            namespace,
            pod -> everyPod.get() != null ? everyPod.get() : fromEnv(pod));
  }

  @AfterEach
  void stopNode() {
    node.close();
  }

  private static PodBehaviour fromEnv(Pod pod) {
    List<EnvVar> env = pod.getSpec().getContainers().get(0).getEnv();
    return env == null
        ? PodBehaviour.READY
        : env.stream()
            .filter(e -> BEHAVIOUR.equals(e.getName()))
            .map(e -> PodBehaviour.valueOf(e.getValue()))
            .findFirst()
            .orElse(PodBehaviour.READY);
  }

  private static String spec(int deadlineSeconds, int historyLimit) {
    return """
        replicas: 2
        services:
          - {name: web, type: web, listen: ["tcp:8080"], options: {path: /srv/www}}
        config: {version: 1}
        rollout: {progressDeadlineSeconds: %d, revisionHistoryLimit: %d}
        """
        .formatted(deadlineSeconds, historyLimit);
  }

  private TwistedApplication createReady(String name, String spec) {
    client.resource(Apps.fromYaml(name, namespace, spec)).create();
    await().atMost(TIMEOUT).until(() -> "True".equals(cluster.condition(name, "Ready")));
    await().atMost(TIMEOUT).until(() -> lastGood(name) != null);
    return cluster.app(name);
  }

  private String lastGood(String name) {
    return cluster.app(name).getStatus().getLastGoodRevision();
  }

  private String templateRevision(String name) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    return deployment
        .getSpec()
        .getTemplate()
        .getMetadata()
        .getAnnotations()
        .get("twistd.io/revision");
  }

  private Condition condition(String name, String type) {
    return cluster.app(name).getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElseThrow();
  }

  private void setBehaviour(String name, PodBehaviour behaviour) {
    cluster.patchSpec(
        name,
        "{\"pod\": {\"env\": [{\"name\": \""
            + BEHAVIOUR
            + "\", \"value\": \""
            + behaviour
            + "\"}]}}");
  }

  private List<String> snapshotNames(String name) {
    return client.configMaps().inNamespace(namespace).list().getItems().stream()
        .map(c -> c.getMetadata().getName())
        .filter(n -> n.startsWith(name + "-config-"))
        .sorted()
        .toList();
  }

  @Test
  void goodChangeRollsOutAndMovesLastGoodRevision() {
    String first = createReady("good", spec(60, 5)).getStatus().getCurrentRevision();

    cluster.patchSpec("good", "{\"config\": {\"version\": 2}}");

    await().atMost(TIMEOUT).until(() -> !first.equals(lastGood("good")));
    TwistedApplication app = cluster.app("good");
    String second = app.getStatus().getCurrentRevision();
    assertThat(app.getStatus().getLastGoodRevision()).isEqualTo(second);
    assertThat(app.getStatus().getFailedRevision()).isNull();
    assertThat(app.getStatus().getUpdatedReplicas()).isEqualTo(2);
    assertThat(templateRevision("good")).isEqualTo(second);
    assertThat(condition("good", "Progressing").getReason()).isEqualTo("RolloutComplete");
    assertThat(condition("good", "Degraded").getStatus()).isEqualTo("False");
    assertThat(snapshotNames("good"))
        .containsExactlyInAnyOrder("good-config-" + first, "good-config-" + second);
    // an Event when a rollout starts, not one per pod that moves
    assertThat(events("good")).filteredOn(e -> "RollingOut".equals(e.getReason())).hasSize(2);
    assertThat(events("good")).noneMatch(e -> "ReconcileFailed".equals(e.getReason()));
  }

  @Test
  void revisionWhosePodsNeverBecomeReadyIsRolledBackWhileTheOldPodsKeepServing() {
    String good = createReady("stuck", spec(8, 5)).getStatus().getCurrentRevision();
    AtomicInteger fewestReady = new AtomicInteger(Integer.MAX_VALUE);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleWithFixedDelay(
        () -> fewestReady.accumulateAndGet(readyPods("stuck"), Math::min),
        0,
        100,
        TimeUnit.MILLISECONDS);
    try {
      setBehaviour("stuck", PodBehaviour.NEVER_READY);
      await()
          .atMost(TIMEOUT)
          .until(() -> cluster.app("stuck").getStatus().getFailedRevision() != null);
      String failed = cluster.app("stuck").getStatus().getFailedRevision();
      assertThat(failed).isNotEqualTo(good);
      await()
          .atMost(TIMEOUT)
          .until(() -> "RolledBack".equals(condition("stuck", "Progressing").getReason()));
    } finally {
      sampler.shutdownNow();
    }
    TwistedApplication app = cluster.app("stuck");
    String failed = app.getStatus().getFailedRevision();
    assertThat(fewestReady.get()).as("ready pods at any time during the rollout").isEqualTo(2);
    assertThat(app.getStatus().getCurrentRevision()).isEqualTo(good);
    assertThat(app.getStatus().getLastGoodRevision()).isEqualTo(good);
    assertThat(templateRevision("stuck")).isEqualTo(good);
    Condition degraded = condition("stuck", "Degraded");
    assertThat(degraded.getStatus()).isEqualTo("True");
    assertThat(degraded.getReason()).isEqualTo("RolloutFailed");
    assertThat(degraded.getMessage())
        .startsWith("revision " + failed + " failed: ")
        .containsAnyOf(
            "did not become ready within rollout.progressDeadlineSeconds (8s)",
            "ProgressDeadlineExceeded")
        .endsWith("; rolled back to " + good);
    assertThat(app.getStatus().getPhase()).isEqualTo("Degraded");
    assertThat(events("stuck"))
        .anySatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo("Warning");
              assertThat(e.getReason()).isEqualTo("RolloutFailed");
              assertThat(e.getMessage()).contains("revision " + failed + " failed");
            });

    // the failed revision is not tried again while the spec stays as it is
    await()
        .atMost(TIMEOUT)
        .until(new StableFor(() -> templateRevision("stuck"), Duration.ofSeconds(5)));
    assertThat(templateRevision("stuck")).isEqualTo(good);

    // a new change wins
    setBehaviour("stuck", PodBehaviour.READY);
    await()
        .atMost(TIMEOUT)
        .until(() -> cluster.app("stuck").getStatus().getFailedRevision() == null);
    await().atMost(TIMEOUT).until(() -> !good.equals(lastGood("stuck")));
    assertThat(condition("stuck", "Degraded").getStatus()).isEqualTo("False");
    assertThat(cluster.app("stuck").getStatus().getPhase()).isEqualTo("Ready");
  }

  @Test
  void crashLoopingRevisionIsRolledBackWithoutWaitingForTheDeadline() {
    String good = createReady("crash", spec(600, 5)).getStatus().getCurrentRevision();

    setBehaviour("crash", PodBehaviour.CRASH_LOOP_BACK_OFF);

    await()
        .atMost(TIMEOUT)
        .until(() -> cluster.app("crash").getStatus().getFailedRevision() != null);
    assertThat(condition("crash", "Degraded").getMessage())
        .contains("is waiting in CrashLoopBackOff")
        .endsWith("; rolled back to " + good);
    await().atMost(TIMEOUT).until(() -> good.equals(templateRevision("crash")));
    await().atMost(TIMEOUT).until(() -> "True".equals(cluster.condition("crash", "Ready")));
  }

  @Test
  void withoutAutoRollbackAFailedRevisionIsReportedAndLeftInPlace() {
    createReady("manual", spec(600, 5));
    cluster.patchSpec("manual", "{\"rollout\": {\"autoRollback\": false}}");
    setBehaviour("manual", PodBehaviour.CRASH_LOOP_BACK_OFF);

    await().atMost(TIMEOUT).until(() -> "True".equals(cluster.condition("manual", "Degraded")));
    TwistedApplication app = cluster.app("manual");
    assertThat(app.getStatus().getFailedRevision()).isNull();
    assertThat(templateRevision("manual")).isEqualTo(app.getStatus().getCurrentRevision());
    assertThat(condition("manual", "Degraded").getMessage())
        .contains("CrashLoopBackOff")
        .endsWith("automatic rollback is off (spec.rollout.autoRollback)");
  }

  @Test
  void rotatedSecretRollsThePodsAndRelabelledOneDoesNot() {
    cluster.putSecret("creds", Map.of("password", "one"));
    String first =
        createReady("vault", spec(60, 5) + "secrets: [{name: creds}]\n")
            .getStatus()
            .getCurrentRevision();
    int replicaSets = cluster.replicaSets().size();

    client
        .secrets()
        .inNamespace(namespace)
        .withName("creds")
        .edit(
            s -> {
              s.getMetadata().setLabels(Map.of("team", "payments"));
              return s;
            });
    await()
        .atMost(TIMEOUT)
        .until(new StableFor(() -> templateRevision("vault"), Duration.ofSeconds(3)));
    assertThat(templateRevision("vault")).isEqualTo(first);
    assertThat(cluster.replicaSets()).hasSize(replicaSets);

    cluster.putSecret("creds", Map.of("password", "two"));

    await().atMost(TIMEOUT).until(() -> !first.equals(lastGood("vault")));
    assertThat(templateRevision("vault")).isEqualTo(lastGood("vault"));
    assertThat(cluster.replicaSets()).hasSize(replicaSets + 1);
  }

  @Test
  void missingSecretIsReportedRollsNothingAndIsPickedUpWhenCreated() {
    client
        .resource(Apps.fromYaml("later", namespace, spec(60, 5) + "secrets: [{name: later-tls}]\n"))
        .create();

    await().atMost(TIMEOUT).until(() -> "False".equals(cluster.condition("later", "ConfigValid")));
    Condition valid = condition("later", "ConfigValid");
    assertThat(valid.getReason()).isEqualTo("SecretNotFound");
    assertThat(valid.getMessage())
        .isEqualTo(
            "spec.secrets[0].name: Secret \"later-tls\" does not exist in namespace \""
                + namespace
                + "\"; nothing rolls out until it is created");
    assertThat(client.apps().deployments().inNamespace(namespace).withName("later").get()).isNull();

    cluster.putSecret("later-tls", Map.of("tls.key", "k"));

    await().atMost(TIMEOUT).until(() -> "True".equals(cluster.condition("later", "Ready")));
    assertThat(condition("later", "ConfigValid").getStatus()).isEqualTo("True");
  }

  @Test
  void revisionsBeyondTheHistoryLimitArePrunedAndAllAreOwnedByTheApplication() {
    TwistedApplication app = createReady("history", spec(60, 2));
    for (int version = 2; version <= 5; version++) {
      String before = lastGood("history");
      cluster.patchSpec("history", "{\"config\": {\"version\": " + version + "}}");
      await().atMost(TIMEOUT).until(() -> !before.equals(lastGood("history")));
    }

    await().atMost(TIMEOUT).until(() -> snapshotNames("history").size() == 3);
    assertThat(snapshotNames("history")).contains("history-config-" + lastGood("history"));
    for (ConfigMap snapshot :
        client.configMaps().inNamespace(namespace).list().getItems().stream()
            .filter(c -> c.getMetadata().getName().startsWith("history-config-"))
            .toList()) {
      assertThat(snapshot.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(o -> assertThat(o.getUid()).isEqualTo(app.getMetadata().getUid()));
      assertThat(snapshot.getImmutable()).isTrue();
    }
  }

  @Test
  void operatorRestartInTheMiddleOfARolloutFinishesItWithoutAnotherRollout() {
    String first = createReady("restart", spec(600, 5)).getStatus().getCurrentRevision();
    int replicaSets = cluster.replicaSets().size();
    // pods of the new revision stay unready until the test lets them
    setBehaviour("restart", PodBehaviour.NEVER_READY);
    await().atMost(TIMEOUT).until(() -> !first.equals(templateRevision("restart")));
    String second = templateRevision("restart");
    await().atMost(TIMEOUT).until(() -> cluster.replicaSets().size() == replicaSets + 1);

    harness.restartOperator();
    // the new revision's pods turn ready late: a slow start, seen from outside
    everyPod.set(PodBehaviour.READY);
    node.refresh();

    await().atMost(TIMEOUT).until(() -> second.equals(lastGood("restart")));
    assertThat(cluster.app("restart").getStatus().getFailedRevision()).isNull();
    assertThat(templateRevision("restart")).isEqualTo(second);
    assertThat(cluster.replicaSets()).hasSize(replicaSets + 1);
  }

  private int readyPods(String app) {
    return (int)
        client
            .pods()
            .inNamespace(namespace)
            .withLabel("app.kubernetes.io/instance", app)
            .list()
            .getItems()
            .stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .filter(
                p ->
                    p.getStatus() != null
                        && p.getStatus().getConditions() != null
                        && p.getStatus().getConditions().stream()
                            .anyMatch(
                                c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
            .count();
  }

  private List<Event> events(String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }
}
