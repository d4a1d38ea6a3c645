package io.twistd.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * How the runtime runs, beyond what the config file says; set from the command line.
 *
 * @param drainDelay overrides {@code shutdown.drainDelay} when present
 * @param gracePeriod overrides {@code shutdown.gracePeriod} when present
 * @param ioThreads event loop threads, 0 for Netty's default (twice the cores)
 * @param preferNative use the native epoll transport when the platform has it
 */
public record RuntimeOptions(
    Optional<Duration> drainDelay,
    Optional<Duration> gracePeriod,
    int ioThreads,
    boolean preferNative) {

  /** No overrides, default threads, native transport preferred. */
  public static RuntimeOptions defaults() {
    return new RuntimeOptions(Optional.empty(), Optional.empty(), 0, true);
  }

  /** These options with the drain delay set. */
  public RuntimeOptions withDrainDelay(Duration delay) {
    return new RuntimeOptions(Optional.of(delay), gracePeriod, ioThreads, preferNative);
  }

  /** These options with the grace period set. */
  public RuntimeOptions withGracePeriod(Duration grace) {
    return new RuntimeOptions(drainDelay, Optional.of(grace), ioThreads, preferNative);
  }
}
