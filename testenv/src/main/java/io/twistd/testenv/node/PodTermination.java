package io.twistd.testenv.node;

import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a pod's containers stop, as the kubelet stops them: each container's preStop hook runs, then
 * its process gets SIGTERM; whatever still runs when the grace period (counted from the start,
 * hooks included) is over gets SIGKILL. A later, shorter grace period shortens the wait. A single
 * container stopped for a restart gets the same treatment on its own.
 *
 * <p>Used by one pod worker thread, except {@link #pids()}, which is thread-safe.
 */
final class PodTermination {

  private static final Logger LOG = LoggerFactory.getLogger(PodTermination.class);
  private static final long REAP_MILLIS = 5_000;

  private final String key;
  private final LifecycleHooks hooks;
  private final List<ContainerProcess> startedProcesses = new CopyOnWriteArrayList<>();
  private final Map<ContainerProcess, Long> killAt = new HashMap<>();
  private boolean started;
  private boolean done;
  private long deadline;

  PodTermination(String key, LifecycleHooks hooks) {
    this.key = key;
    this.hooks = hooks;
  }

  /** Remembers a started process, for {@link #pids()} and the final kill. */
  void track(ContainerProcess process) {
    startedProcesses.add(process);
  }

  /** The host process ids of every container process of the pod so far. Thread-safe. */
  List<Long> pids() {
    return startedProcesses.stream().map(ContainerProcess::pid).toList();
  }

  boolean started() {
    return started;
  }

  boolean done() {
    return done;
  }

  /** Ends the worker's loop (nothing runs). */
  void finish() {
    done = true;
  }

  /** Starts stopping every container within {@code grace}, or shortens a stop under way. */
  void begin(List<ContainerRun> runs, Pod pod, Duration grace, long nowNanos) {
    long newDeadline = nowNanos + grace.toNanos();
    if (started) {
      deadline = Math.min(deadline, newDeadline);
      return;
    }
    started = true;
    deadline = newDeadline;
    LOG.info("pod {}: stopping containers, grace period {} s", key, grace.toSeconds());
    for (ContainerRun run : runs) {
      ContainerProcess process = run.process();
      if (process != null) {
        stop(run, pod, process);
      }
    }
  }

  /**
   * Stops one container for a restart: SIGTERM after its preStop hook, SIGKILL after {@code grace}.
   */
  void restart(ContainerRun run, Pod pod, Duration grace) {
    ContainerProcess process = run.process();
    if (process != null && !killAt.containsKey(process)) {
      killAt.put(process, System.nanoTime() + grace.toNanos());
      stop(run, pod, process);
    }
  }

  /** Kills what outlived its grace period; ends the loop once the pod stops and nothing runs. */
  void progress(List<ContainerRun> runs, long nowNanos) {
    killAt.entrySet().removeIf(entry -> !entry.getKey().isAlive());
    killAt.forEach(
        (process, at) -> {
          if (nowNanos >= at) {
            process.kill();
          }
        });
    if (!started) {
      return;
    }
    if (runs.stream().allMatch(run -> run.process() == null)) {
      done = true;
      return;
    }
    if (nowNanos >= deadline) {
      runs.stream()
          .map(ContainerRun::process)
          .filter(p -> p != null)
          .forEach(ContainerProcess::kill);
    }
  }

  /** Kills every process of the pod that still runs and waits a moment for each to end. */
  void killAll() {
    for (ContainerProcess process : startedProcesses) {
      if (process.isAlive()) {
        process.kill();
        ProcessHandle.of(process.pid())
            .ifPresent(
                handle -> {
                  try {
                    handle.onExit().get(REAP_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
                  } catch (Exception e) {
                    LOG.warn("pod {}: process {} did not end after SIGKILL", key, process.pid());
                  }
                });
      }
    }
  }

  private void stop(ContainerRun run, Pod pod, ContainerProcess process) {
    Lifecycle lifecycle = run.spec().getLifecycle();
    if (lifecycle == null || lifecycle.getPreStop() == null) {
      process.terminate();
      return;
    }
    CompletableFuture<Void> hook = hooks.preStop(lifecycle.getPreStop(), run.spec(), pod, process);
    hook.whenComplete((ignored, error) -> process.terminate());
  }
}
