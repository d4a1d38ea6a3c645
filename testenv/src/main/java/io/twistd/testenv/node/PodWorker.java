package io.twistd.testenv.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pod on the process node from binding to removal, on a thread of its own, as the
 * kubelet's pod worker does: creates its sandbox and volumes, starts, probes and restarts its
 * containers, keeps its volumes in step with their ConfigMaps and Secrets, reports its status, and
 * when the pod is deleted runs the preStop hooks, sends SIGTERM, waits up to the grace period,
 * sends SIGKILL, removes the sandbox and files, and deletes the Pod object with grace period 0.
 *
 * <p>Other threads talk to it only through {@link #post}-ed events, so its state has one owner.
 */
final class PodWorker implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(PodWorker.class);
  private static final long TICK_MILLIS = 100;
  private static final Duration MIN_GRACE = Duration.ofSeconds(2);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final PodWorkerContext context;
  private final LongConsumer onStart;
  private final String key;
  private final Path podDir;
  private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
  private final List<ContainerRun> runs = new ArrayList<>();
  private final PodStatusReport report;
  private final PodTermination termination;
  private volatile Pod pod;
  private PodSandbox sandbox;
  private PodVolumes volumes;
  private boolean running;
  private boolean volumesChanged;
  private boolean gone;
  private boolean nodeStopping;
  private long retryPreparingAt;
  private PodStatus written;
  private long nextWriteAttempt;

  /**
   * A worker for {@code pod}; {@code onStart} is told the host pid of every container process it
   * starts. A pod that is being deleted already is only cleaned up.
   */
  PodWorker(PodWorkerContext context, Pod pod, LongConsumer onStart) {
    this.context = context;
    this.onStart = onStart;
    this.pod = pod;
    this.key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    this.podDir = context.workDir().resolve(pod.getMetadata().getUid());
    this.report = new PodStatusReport(context.hostIp());
    this.termination = new PodTermination(key, context.hooks());
    for (Container container : pod.getSpec().getContainers()) {
      runs.add(new ContainerRun(container, context.initialBackOff()));
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      beginTermination(grace(pod));
    }
  }

  /** Hands {@code event} to the worker's thread. Thread-safe. */
  void post(Runnable event) {
    inbox.add(event);
  }

  /** The Pod changed (e.g. it is being deleted). Thread-safe. */
  void podChanged(Pod changed) {
    post(
        () -> {
          pod = changed;
          if (changed.getMetadata().getDeletionTimestamp() != null) {
            beginTermination(grace(changed));
          }
        });
  }

  /** The Pod object is gone (deleted with grace period 0). Thread-safe. */
  void podGone() {
    post(
        () -> {
          gone = true;
          beginTermination(MIN_GRACE);
        });
  }

  /** A ConfigMap or Secret changed; volumes are brought up to date. Thread-safe. */
  void objectsChanged() {
    post(() -> volumesChanged = true);
  }

  /** The node is closing: stop the containers within {@code grace}, leave the Pod. Thread-safe. */
  void stop(Duration grace) {
    post(
        () -> {
          nodeStopping = true;
          beginTermination(grace);
        });
  }

  /** Host process ids of every container this worker started, running or not. */
  List<Long> pids() {
    return termination.pids();
  }

  @Override
  public void run() {
    try {
      while (!termination.done()) {
        long now = System.nanoTime();
        step(now);
        writeStatus(now);
        Runnable event = inbox.poll(TICK_MILLIS, TimeUnit.MILLISECONDS);
        while (event != null) {
          event.run();
          event = inbox.poll();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      termination.killAll();
    } catch (RuntimeException e) {
      LOG.error("pod {}: worker failed", key, e);
      termination.killAll();
    } finally {
      cleanUp();
    }
  }

  private void step(long now) {
    if (!running) {
      if (termination.started()) {
        termination.finish();
      } else if (now >= retryPreparingAt) {
        prepare(now);
      }
      return;
    }
    if (volumesChanged && !termination.started()) {
      volumesChanged = false;
      volumes.sync().ifPresent(problem -> LOG.warn("pod {}: {}", key, problem));
    }
    String restartPolicy = pod.getSpec().getRestartPolicy();
    for (ContainerRun run : runs) {
      run.observeExit(now, restartPolicy, termination.started());
    }
    termination.progress(runs, now);
    if (termination.started()) {
      probe(now);
      return;
    }
    for (ContainerRun run : runs) {
      if (run.dueToStart(now)) {
        start(run, now);
      }
    }
    probe(now);
  }

  private void prepare(long now) {
    try {
      if (sandbox == null) {
        Files.createDirectories(podDir);
        sandbox = context.network().createSandbox();
        ContainerStarter.writePodFiles(podDir, pod, sandbox.address());
        LOG.info("pod {}: sandbox {} at {}", key, sandbox.namespace(), sandbox.address());
      }
      if (volumes == null) {
        volumes = new PodVolumes(podDir.resolve("volumes"), pod, context.objects());
      }
      Optional<String> problem =
          pod.getSpec().getInitContainers() == null || pod.getSpec().getInitContainers().isEmpty()
              ? volumes.sync()
              : Optional.of("init containers are not supported by the testenv process node");
      if (problem.isPresent()) {
        LOG.info("pod {}: waiting for {}", key, problem.get());
        runs.forEach(run -> run.couldNotStart("ContainerCreating", problem.get(), now));
        retryPreparingAt = now + RETRY.toNanos();
        return;
      }
      running = true;
    } catch (IOException | RuntimeException e) {
      LOG.warn("pod {}: cannot prepare: {}", key, e.toString());
      retryPreparingAt = now + RETRY.toNanos();
    }
  }

  private void start(ContainerRun run, long now) {
    try {
      ContainerProcess process = context.starter().start(pod, run.spec(), sandbox, volumes, podDir);
      termination.track(process);
      onStart.accept(process.pid());
      run.started(process, now);
    } catch (ContainerStarter.StartException e) {
      LOG.warn("pod {}: container {}: {}: {}", key, run.name(), e.reason(), e.getMessage());
      run.couldNotStart(e.reason(), e.getMessage(), now);
    }
  }

  private void probe(long now) {
    for (ContainerRun run : runs) {
      for (ProbeTracker probe : run.dueProbes(now)) {
        context
            .probes()
            .run(probe.probe(), run.spec(), sandbox.address(), run.process().pid())
            .thenAccept(ok -> post(() -> probed(run, probe, ok)));
      }
    }
  }

  private void probed(ContainerRun run, ProbeTracker probe, boolean ok) {
    if (run.probed(probe, ok) == ContainerRun.Action.RESTART && !termination.started()) {
      LOG.info(
          "pod {}: container {} failed its liveness or startup probe, restarting", key, run.name());
      termination.restart(run, pod, grace(pod));
    }
  }

  private void beginTermination(Duration grace) {
    termination.begin(runs, pod, grace, System.nanoTime());
  }

  private void writeStatus(long now) {
    if (gone || nodeStopping || now < nextWriteAttempt) {
      return;
    }
    PodStatus status = report.of(pod, sandbox == null ? null : sandbox.address(), runs);
    if (status.equals(written)) {
      return;
    }
    Pod update = new Pod();
    update.setMetadata(
        new ObjectMetaBuilder()
            .withName(pod.getMetadata().getName())
            .withNamespace(pod.getMetadata().getNamespace())
            .build());
    update.setStatus(status);
    try {
      context.client().pods().resource(update).patchStatus();
      written = status;
    } catch (KubernetesClientException e) {
      LOG.debug("pod {}: cannot write status: {}", key, e.getMessage());
      nextWriteAttempt = now + RETRY.toNanos();
      if (e.getCode() == 404) {
        gone = true;
      }
    }
  }

  private void cleanUp() {
    termination.killAll();
    if (sandbox != null) {
      sandbox.close();
    }
    FileTrees.delete(podDir);
    if (!gone && !nodeStopping) {
      deletePod();
    }
    context.finished(pod.getMetadata().getUid());
    LOG.info("pod {}: removed from node", key);
  }

  private void deletePod() {
    KubernetesClient client = context.client();
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .withName(pod.getMetadata().getName())
          .withGracePeriod(0)
          .delete();
    } catch (KubernetesClientException e) {
      LOG.warn("pod {}: cannot delete: {}", key, e.getMessage());
    }
  }

  private static Duration grace(Pod pod) {
    Long seconds = pod.getMetadata().getDeletionGracePeriodSeconds();
    if (seconds == null) {
      seconds = pod.getSpec().getTerminationGracePeriodSeconds();
    }
    Duration grace = Duration.ofSeconds(seconds == null ? 30 : seconds);
    return grace.compareTo(MIN_GRACE) < 0 ? MIN_GRACE : grace;
  }
}
