package io.twistd.runtime;

import java.util.List;

/**
 * How a shutdown ended.
 *
 * @param clean whether every service stopped within the grace period without error
 * @param problems one line per service that failed to stop or did not stop in time
 */
public record ShutdownReport(boolean clean, List<String> problems) {

  public ShutdownReport {
    problems = List.copyOf(problems);
  }

  /** A shutdown in which everything stopped in time. */
  public static ShutdownReport ok() {
    return new ShutdownReport(true, List.of());
  }
}
