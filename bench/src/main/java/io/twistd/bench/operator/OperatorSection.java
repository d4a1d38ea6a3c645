package io.twistd.bench.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.bench.BenchContext;
import io.twistd.bench.Row;
import io.twistd.bench.Section;
import io.twistd.bench.proc.ProcStats;
import io.twistd.bench.proc.ServerProcess;
import io.twistd.bench.proc.Stats;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.CrdInstaller;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * The operator at scale on the real control plane (etcd and kube-apiserver of {@code testenv}; no
 * controller manager, so Deployments stay without pods and the API server serves only the operator
 * and this harness): N TwistedApplications created at once, the time until every one has its
 * ConfigMap, Deployment and Service, each application's latency from its creation to its last
 * child, the API writes of a no-op resync (an operator restart that reconciles all N), and the
 * operator's resident memory. The floor is {@code kubectl apply} of the same children; a second
 * floor ({@link ApplicationFloor}) applies every write the operator's path causes, the
 * applications, their Events and statuses too, without an operator. The control plane's CPU time in
 * each is reported beside it.
 */
public final class OperatorSection implements Section {

  private static final int CREATORS = FloorApply.KUBECTL_PROCESSES;
  private static final Duration COMPLETE_TIMEOUT = Duration.ofMinutes(15);
  private static final Duration QUIET = Duration.ofSeconds(5);
  private static final int TARGET_SIZE = 1000;
  private static final double TARGET_RATIO = 1.5;
  private static final int WARM_UP_SIZE = 100;

  @Override
  public String name() {
    return "operator";
  }

  @Override
  public void run(BenchContext context) {
    try (ControlPlane kube = ControlPlane.start()) {
      CrdInstaller.install(kube.client(), context.crd());
      ApiWrites writes = new ApiWrites(kube.client(), kube.url());
      ControlPlaneCpu controlPlane = ControlPlaneCpu.find();
      warmUp(context, kube, writes);
      for (int size : context.mode().operatorSizes()) {
        scale(context, kube, writes, controlPlane, size);
      }
    }
  }

  /**
   * A throwaway round of {@link #WARM_UP_SIZE} applications with an operator of its own, measured
   * by nothing: the harness's JVM (creating applications, its informers) and the control plane are
   * then as warm for the first step as for the floors, which run after it with a native kubectl.
   * Each step's operator is still a new process, as cold as a freshly deployed one.
   */
  private static void warmUp(BenchContext context, ControlPlane kube, ApiWrites writes) {
    String namespace = kube.createNamespace("warmup", Map.of());
    Path log = context.work().resolve("operator-warmup").resolve("operator.log");
    try (OperatorProcess operator =
            OperatorProcess.start(context, kube.kubeconfig(), namespace, log);
        ChildrenTracker tracker = new ChildrenTracker(kube.client(), namespace)) {
      createApplications(kube.client(), namespace, WARM_UP_SIZE, tracker);
      awaitQuiet(writes);
    }
  }

  private static void scale(
      BenchContext context,
      ControlPlane kube,
      ApiWrites writes,
      ControlPlaneCpu controlPlane,
      int size) {
    Path work = context.work().resolve("operator-" + size);
    KubernetesClient client = kube.client();
    String namespace = kube.createNamespace("scale" + size, Map.of());
    OperatorProcess operator =
        OperatorProcess.start(context, kube.kubeconfig(), namespace, work.resolve("operator.log"));
    try {
      Run ours;
      Map<String, Long> beforeCreation = writes.now();
      Map<String, Long> untilComplete;
      double operatorCpu;
      try (ChildrenTracker tracker = new ChildrenTracker(client, namespace)) {
        double controlPlaneBefore = controlPlane.seconds();
        long operatorBefore = ProcStats.cpuNanos(operator.pid());
        ours = createApplications(client, namespace, size, tracker);
        ours = ours.withControlPlane(controlPlane.seconds() - controlPlaneBefore);
        operatorCpu = (ProcStats.cpuNanos(operator.pid()) - operatorBefore) / 1e9;
        untilComplete = ApiWrites.since(beforeCreation, writes.now());
      }
      awaitQuiet(writes);
      Creation creation =
          new Creation(
              operator.reconcilesByOutcome(),
              untilComplete,
              ApiWrites.since(beforeCreation, writes.now()));
      long peakKib = ProcStats.peakRssKib(operator.pid());
      long rssKib = ProcStats.rssKib(operator.pid());
      operator.close();
      Map<String, Long> before = writes.now();
      operator =
          OperatorProcess.start(
              context, kube.kubeconfig(), namespace, work.resolve("operator-restarted.log"));
      awaitReconciles(operator, size);
      awaitQuiet(writes);
      Map<String, Long> resync = ApiWrites.since(before, writes.now());
      operator.close();

      Run floor = floor(kube, controlPlane, namespace, size, work);
      Run applicationFloor = applicationFloor(kube, controlPlane, namespace, size, work);
      report(
          context,
          size,
          new Runs(ours, operatorCpu, floor, applicationFloor),
          creation,
          resync,
          rssKib,
          peakKib);
    } finally {
      operator.close();
    }
  }

  /**
   * How one way of making the children went: the time until all were present, each application's
   * latency, and the control plane's CPU time meanwhile (seconds; NaN until measured).
   */
  private record Run(double allSeconds, List<Double> latencyMillis, double controlPlaneSeconds) {

    Run(double allSeconds, List<Double> latencyMillis) {
      this(allSeconds, latencyMillis, Double.NaN);
    }

    Run withControlPlane(double seconds) {
      return new Run(allSeconds, latencyMillis, seconds);
    }
  }

  /** One scale step's runs: the operator's (and its own CPU time), and the two floors. */
  private record Runs(Run ours, double operatorCpuSeconds, Run floor, Run applicationFloor) {}

  /**
   * What creating the applications cost the operator, until it was quiet again: its reconciles, and
   * the API writes (the harness's creates included) until all children were present and in all.
   */
  private record Creation(
      Map<String, Long> reconciles,
      Map<String, Long> writesUntilComplete,
      Map<String, Long> writesInAll) {}

  private static Run createApplications(
      KubernetesClient client, String namespace, int size, ChildrenTracker tracker) {
    // made before the clock starts, as the floor's files are written before its clock
    List<TwistedApplication> applications =
        IntStream.range(0, size).mapToObj(i -> application("app-" + i, namespace)).toList();
    Map<String, Long> created = new ConcurrentHashMap<>();
    ExecutorService creators = Executors.newFixedThreadPool(CREATORS);
    long started = System.nanoTime();
    try {
      List<Future<?>> submitted = new ArrayList<>();
      for (TwistedApplication application : applications) {
        submitted.add(
            creators.submit(
                () -> {
                  client.resource(application).create();
                  created.put(application.getMetadata().getName(), System.nanoTime());
                }));
      }
      for (Future<?> future : submitted) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("creating a TwistedApplication failed", e.getCause());
    } finally {
      creators.shutdown();
    }
    tracker.awaitComplete(size, COMPLETE_TIMEOUT);
    Map<String, Long> completed = tracker.completed();
    long last = completed.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    List<Double> latency =
        completed.entrySet().stream()
            .map(e -> (e.getValue() - created.get(e.getKey())) / 1e6)
            .toList();
    return new Run((last - started) / 1e9, latency);
  }

  private static TwistedApplication application(String name, String namespace) {
    return Serialization.unmarshal(
        """
        apiVersion: twistd.io/v1alpha1
        kind: TwistedApplication
        metadata: {name: %s, namespace: %s}
        spec:
          replicas: 1
          services:
            - {name: web, type: web, listen: ["tcp:8080"], options: {path: /srv/www}}
          config: {greeting: hello}
        """
            .formatted(name, namespace),
        TwistedApplication.class);
  }

  private static Run floor(
      ControlPlane kube, ControlPlaneCpu controlPlane, String from, int size, Path work) {
    String namespace = kube.createNamespace("floor" + size, Map.of());
    List<Path> files = FloorApply.export(kube.client(), from, namespace, work.resolve("floor"));
    try (ChildrenTracker tracker = new ChildrenTracker(kube.client(), namespace)) {
      double controlPlaneBefore = controlPlane.seconds();
      long started = System.nanoTime();
      FloorApply.apply(kube.binaries().kubectl(), kube.kubeconfig(), files, work);
      tracker.awaitComplete(size, COMPLETE_TIMEOUT);
      return applied(tracker, started, controlPlane.seconds() - controlPlaneBefore);
    }
  }

  /**
   * The floor with the applications' own writes ({@link ApplicationFloor}): done when every child
   * is present and every kubectl worker, which writes the statuses last, has finished.
   */
  private static Run applicationFloor(
      ControlPlane kube, ControlPlaneCpu controlPlane, String from, int size, Path work) {
    String namespace = kube.createNamespace("appfloor" + size, Map.of());
    List<ApplicationFloor.Share> shares =
        ApplicationFloor.export(kube.client(), from, namespace, work.resolve("application-floor"));
    try (ChildrenTracker tracker = new ChildrenTracker(kube.client(), namespace)) {
      double controlPlaneBefore = controlPlane.seconds();
      long started = System.nanoTime();
      ApplicationFloor.apply(kube.binaries().kubectl(), kube.kubeconfig(), shares, work);
      long applied = System.nanoTime();
      tracker.awaitComplete(size, COMPLETE_TIMEOUT);
      Run run = applied(tracker, started, controlPlane.seconds() - controlPlaneBefore);
      return new Run(
          Math.max(run.allSeconds(), (applied - started) / 1e9),
          run.latencyMillis(),
          run.controlPlaneSeconds());
    }
  }

  private static Run applied(ChildrenTracker tracker, long started, double controlPlaneSeconds) {
    Map<String, Long> completed = tracker.completed();
    long last = completed.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    // kubectl gives no per-object creation time: latency from the start of the apply
    List<Double> latency = completed.values().stream().map(t -> (t - started) / 1e6).toList();
    return new Run((last - started) / 1e9, latency, controlPlaneSeconds);
  }

  /** Waits until {@code operator} has reconciled at least {@code count} times since it started. */
  private static void awaitReconciles(OperatorProcess operator, int count) {
    long deadline = System.nanoTime() + COMPLETE_TIMEOUT.toNanos();
    while (operator.reconciles() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the restarted operator did not reconcile all " + count);
      }
      ServerProcess.pause(Duration.ofMillis(200));
    }
  }

  /** Waits until no write to the watched kinds has happened for {@link #QUIET}. */
  private static void awaitQuiet(ApiWrites writes) {
    Map<String, Long> last = writes.now();
    long quietSince = System.nanoTime();
    long deadline = quietSince + COMPLETE_TIMEOUT.toNanos();
    while (System.nanoTime() - quietSince < QUIET.toNanos()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("writes did not stop: " + last);
      }
      ServerProcess.pause(Duration.ofMillis(500));
      Map<String, Long> now = writes.now();
      if (!now.equals(last)) {
        last = now;
        quietSince = System.nanoTime();
      }
    }
  }

  private static void report(
      BenchContext context,
      int size,
      Runs runs,
      Creation creation,
      Map<String, Long> resync,
      long rssKib,
      long peakKib) {
    Run ours = runs.ours();
    Run floor = runs.floor();
    Run applicationFloor = runs.applicationFloor();
    double ratio = ours.allSeconds() / floor.allSeconds();
    context
        .results()
        .detail(
            "operator %d: all children in %.1f s (floor %.1f s, with the applications' own writes"
                + " %.1f s); writes in a no-op resync: %s",
            size, ours.allSeconds(), floor.allSeconds(), applicationFloor.allSeconds(), resync);
    context
        .results()
        .detail(
            "operator %d: control-plane CPU %.1f s and operator CPU %.1f s until all children were"
                + " present; control-plane CPU in the floor %.1f s, with the applications' own"
                + " writes %.1f s",
            size,
            ours.controlPlaneSeconds(),
            runs.operatorCpuSeconds(),
            floor.controlPlaneSeconds(),
            applicationFloor.controlPlaneSeconds());
    context
        .results()
        .detail(
            "operator %d: creation took reconciles %s; API writes until all children were present"
                + " %s, until quiet %s",
            size, creation.reconciles(), creation.writesUntilComplete(), creation.writesInAll());
    context
        .results()
        .add(
            new Row(
                "Operator: %d TwistedApplications created at once → all children present (s)"
                    .formatted(size),
                "%.1f".formatted(ours.allSeconds()),
                ("kubectl apply floor %.1f (ours %.2f×); that floor with the applications' own"
                        + " writes %.1f (%.2f× the floor; ours %.2f× it)")
                    .formatted(
                        floor.allSeconds(),
                        ratio,
                        applicationFloor.allSeconds(),
                        applicationFloor.allSeconds() / floor.allSeconds(),
                        ours.allSeconds() / applicationFloor.allSeconds()),
                "≤ 1.5× the floor at 1000",
                size == TARGET_SIZE
                    ? Row.Verdict.of(ratio <= TARGET_RATIO)
                    : Row.Verdict.REPORTED));
    context
        .results()
        .add(
            new Row(
                "Operator, %d apps: creation → children present per app, p50 / p99 (ms)"
                    .formatted(size),
                "%.0f / %.0f"
                    .formatted(
                        Stats.percentile(ours.latencyMillis(), 50),
                        Stats.percentile(ours.latencyMillis(), 99)),
                "floor (from the start of the apply) %.0f / %.0f"
                    .formatted(
                        Stats.percentile(floor.latencyMillis(), 50),
                        Stats.percentile(floor.latencyMillis(), 99)),
                "(reported)",
                Row.Verdict.REPORTED));
    context
        .results()
        .add(
            new Row(
                "Operator, %d apps: CPU time of the API server and etcd until all children were present (s)"
                    .formatted(size),
                "%.1f (the operator itself %.1f)"
                    .formatted(ours.controlPlaneSeconds(), runs.operatorCpuSeconds()),
                "floor %.1f; with the applications' own writes %.1f"
                    .formatted(floor.controlPlaneSeconds(), applicationFloor.controlPlaneSeconds()),
                "(reported)",
                Row.Verdict.REPORTED));
    long writes = ApiWrites.total(resync);
    context
        .results()
        .add(
            new Row(
                "Operator, %d apps: API writes in a no-op resync (restart, all reconciled)"
                    .formatted(size),
                writes + (resync.isEmpty() ? "" : " " + resync),
                "—",
                "0",
                Row.Verdict.of(writes == 0)));
    context
        .results()
        .add(
            new Row(
                "Operator, %d apps: resident memory after / peak (MiB)".formatted(size),
                "%.0f / %.0f".formatted(rssKib / 1024.0, peakKib / 1024.0),
                "—",
                "(reported)",
                Row.Verdict.REPORTED));
  }
}
