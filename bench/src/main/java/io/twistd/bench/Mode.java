package io.twistd.bench;

import java.time.Duration;
import java.util.List;

/**
 * How long and how often each benchmark measures. {@link #QUICK} is a smoke run (under five
 * minutes); {@link #FULL} gives medians over rounds worth quoting.
 *
 * @param rounds rounds of each throughput measurement; the median is quoted
 * @param measure how long one throughput round lasts
 * @param warmup how long a JVM server is loaded before its first round (JIT compilation)
 * @param startups how many cold starts are timed per server
 * @param reloads how many live reloads are made under load
 * @param operatorSizes how many TwistedApplications are created at once, per scale step
 */
public record Mode(
    int rounds,
    Duration measure,
    Duration warmup,
    int startups,
    int reloads,
    List<Integer> operatorSizes) {

  public static final Mode QUICK =
      new Mode(1, Duration.ofSeconds(5), Duration.ofSeconds(5), 3, 20, List.of(100));

  public static final Mode FULL =
      new Mode(3, Duration.ofSeconds(10), Duration.ofSeconds(20), 10, 20, List.of(100, 500, 1000));

  /** This mode scaling the operator to {@code sizes} instead. */
  public Mode withOperatorSizes(List<Integer> sizes) {
    return new Mode(rounds, measure, warmup, startups, reloads, List.copyOf(sizes));
  }
}
