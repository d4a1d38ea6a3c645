package io.twistd.testenv.node;

import io.fabric8.kubernetes.api.model.Probe;

/**
 * When a probe of a container is due and what its results add up to, by the kubelet's rules: the
 * first run after {@code initialDelaySeconds}, then every {@code periodSeconds}; the result turns
 * to success after {@code successThreshold} successes in a row and to failure after {@code
 * failureThreshold} failures in a row. One run at a time.
 *
 * <p>Used by one pod worker thread only.
 */
final class ProbeTracker {

  /** What a probe's results add up to. */
  enum Outcome {
    UNKNOWN,
    SUCCESS,
    FAILURE
  }

  private final Probe probe;
  private final long periodNanos;
  private final int successThreshold;
  private final int failureThreshold;
  private long dueNanos;
  private boolean running;
  private int successes;
  private int failures;
  private Outcome outcome = Outcome.UNKNOWN;

  /** Tracks {@code probe} for a container that started at {@code startNanos}. */
  ProbeTracker(Probe probe, long startNanos) {
    this.probe = probe;
    this.periodNanos = seconds(probe.getPeriodSeconds(), 10);
    this.successThreshold = positive(probe.getSuccessThreshold(), 1);
    this.failureThreshold = positive(probe.getFailureThreshold(), 3);
    Integer delay = probe.getInitialDelaySeconds();
    this.dueNanos = startNanos + (delay == null ? 0 : delay * 1_000_000_000L);
  }

  /** The probe. */
  Probe probe() {
    return probe;
  }

  /** Whether a run should start now; if so, marks it running. */
  boolean startIfDue(long nowNanos) {
    if (running || nowNanos < dueNanos) {
      return false;
    }
    running = true;
    dueNanos = nowNanos + periodNanos;
    return true;
  }

  /** When the next run is due. */
  long dueNanos() {
    return dueNanos;
  }

  /** Records a run's result and returns the outcome so far. */
  Outcome record(boolean succeeded) {
    running = false;
    if (succeeded) {
      failures = 0;
      if (++successes >= successThreshold) {
        outcome = Outcome.SUCCESS;
      }
    } else {
      successes = 0;
      if (++failures >= failureThreshold) {
        outcome = Outcome.FAILURE;
      }
    }
    return outcome;
  }

  /** The outcome so far. */
  Outcome outcome() {
    return outcome;
  }

  private static long seconds(Integer value, int fallback) {
    return positive(value, fallback) * 1_000_000_000L;
  }

  private static int positive(Integer value, int fallback) {
    return value == null || value <= 0 ? fallback : value;
  }
}
