package io.twistd.testenv.node;

import io.fabric8.kubernetes.api.model.Container;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One container of a pod across its restarts, with the kubelet's rules: probes start with each run
 * (liveness and readiness once the startup probe has passed); a run that ends is restarted as the
 * pod's restart policy says, after a back-off that starts at the node's initial back-off and
 * doubles up to five minutes, shown as {@code CrashLoopBackOff}.
 *
 * <p>Used by one pod worker thread only.
 */
final class ContainerRun {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerRun.class);

  private static final Duration MAX_BACK_OFF = Duration.ofMinutes(5);

  /** How a finished run ended. */
  record Ended(int exitCode, String reason, Instant startedAt, Instant finishedAt, long pid) {}

  /** What the worker should do after a probe result. */
  enum Action {
    NONE,
    RESTART
  }

  private final Container spec;
  private final Duration initialBackOff;
  private ContainerProcess process;
  private Ended lastEnded;
  private int restartCount;
  private boolean everStarted;
  private boolean finished;
  private boolean started;
  private boolean ready;
  private String waitingReason = "ContainerCreating";
  private String waitingMessage;
  private long nextStartNanos;
  private Duration backOff;
  private ProbeTracker startup;
  private ProbeTracker liveness;
  private ProbeTracker readiness;

  ContainerRun(Container spec, Duration initialBackOff) {
    this.spec = spec;
    this.initialBackOff = initialBackOff;
    this.backOff = initialBackOff;
  }

  Container spec() {
    return spec;
  }

  String name() {
    return spec.getName();
  }

  /** Whether a run should start now. */
  boolean dueToStart(long nowNanos) {
    return process == null && !finished && nowNanos >= nextStartNanos;
  }

  /** Records that a run has started. */
  void started(ContainerProcess newProcess, long nowNanos) {
    if (everStarted) {
      restartCount++;
    }
    everStarted = true;
    process = newProcess;
    waitingReason = null;
    waitingMessage = null;
    startup =
        spec.getStartupProbe() == null ? null : new ProbeTracker(spec.getStartupProbe(), nowNanos);
    liveness =
        spec.getLivenessProbe() == null
            ? null
            : new ProbeTracker(spec.getLivenessProbe(), nowNanos);
    readiness =
        spec.getReadinessProbe() == null
            ? null
            : new ProbeTracker(spec.getReadinessProbe(), nowNanos);
    started = startup == null;
    ready = started && readiness == null;
  }

  /**
   * Records that a run could not start, with the kubelet's waiting reason; retried after a
   * back-off.
   */
  void couldNotStart(String reason, String message, long nowNanos) {
    waitingReason = reason;
    waitingMessage = message;
    nextStartNanos = nowNanos + Duration.ofSeconds(1).toNanos();
  }

  /**
   * Notices a run that has ended, and schedules the next as {@code restartPolicy} says (unless
   * {@code terminating}).
   *
   * @return whether a run ended
   */
  boolean observeExit(long nowNanos, String restartPolicy, boolean terminating) {
    if (process == null || process.isAlive()) {
      return false;
    }
    int exitCode = process.exitCode();
    if (exitCode != 0 && !terminating) {
      LOG.warn(
          "container {} ended with exit code {}; its log ends with:\n{}",
          name(),
          exitCode,
          process.logTail(20));
    }
    lastEnded =
        new Ended(
            exitCode,
            exitCode == 0 ? "Completed" : "Error",
            process.startedAt(),
            Instant.now(),
            process.pid());
    process = null;
    started = false;
    ready = false;
    startup = null;
    liveness = null;
    readiness = null;
    boolean restart =
        !terminating
            && ("Always".equals(restartPolicy)
                || ("OnFailure".equals(restartPolicy) && exitCode != 0));
    if (!restart) {
      finished = true;
      return true;
    }
    nextStartNanos = nowNanos + backOff.toNanos();
    waitingReason = "CrashLoopBackOff";
    waitingMessage = "back-off " + backOff.toSeconds() + "s restarting failed container=" + name();
    backOff =
        backOff.multipliedBy(2).compareTo(MAX_BACK_OFF) > 0
            ? MAX_BACK_OFF
            : backOff.multipliedBy(2);
    return true;
  }

  /** The probes due now, each marked running. */
  List<ProbeTracker> dueProbes(long nowNanos) {
    List<ProbeTracker> due = new ArrayList<>();
    if (process == null) {
      return due;
    }
    if (startup != null && !started && startup.startIfDue(nowNanos)) {
      due.add(startup);
    }
    if (started) {
      for (ProbeTracker probe : new ProbeTracker[] {liveness, readiness}) {
        if (probe != null && probe.startIfDue(nowNanos)) {
          due.add(probe);
        }
      }
    }
    return due;
  }

  /** Applies a probe's result; a probe of an earlier run is ignored. */
  Action probed(ProbeTracker probe, boolean succeeded) {
    if (probe != startup && probe != liveness && probe != readiness) {
      return Action.NONE;
    }
    ProbeTracker.Outcome outcome = probe.record(succeeded);
    if (probe == readiness) {
      ready = outcome == ProbeTracker.Outcome.SUCCESS;
      return Action.NONE;
    }
    if (probe == startup && outcome == ProbeTracker.Outcome.SUCCESS) {
      started = true;
      ready = readiness == null;
      return Action.NONE;
    }
    return outcome == ProbeTracker.Outcome.FAILURE ? Action.RESTART : Action.NONE;
  }

  /** The running process, or null. */
  ContainerProcess process() {
    return process;
  }

  boolean everStarted() {
    return everStarted;
  }

  boolean finished() {
    return finished;
  }

  boolean started() {
    return started;
  }

  boolean ready() {
    return ready && process != null;
  }

  int restartCount() {
    return restartCount;
  }

  Ended lastEnded() {
    return lastEnded;
  }

  String waitingReason() {
    return waitingReason;
  }

  String waitingMessage() {
    return waitingMessage;
  }

  /** The back-off before the next restart, as configured when nothing has failed yet. */
  Duration initialBackOff() {
    return initialBackOff;
  }
}
