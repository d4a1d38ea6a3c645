package io.twistd.runtime.cli;

import io.twistd.runtime.RuntimeOptions;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options shared by every command that runs services. */
final class RunOptions {

  @Option(
      names = "--drain-delay",
      paramLabel = "DURATION",
      description =
          "Time between turning unready and closing listeners on SIGTERM (default: config, 5s).")
  Duration drainDelay;

  @Option(
      names = "--grace-period",
      paramLabel = "DURATION",
      description = "Time in-flight work and service stops may take (default: config, 25s).")
  Duration gracePeriod;

  @Option(
      names = "--io-threads",
      paramLabel = "N",
      defaultValue = "0",
      description = "Event loop threads; 0 means twice the cores (default: ${DEFAULT-VALUE}).")
  int ioThreads;

  @Option(names = "--no-native", description = "Use NIO even where native epoll is available.")
  boolean noNative;

  RuntimeOptions toRuntimeOptions() {
    if (ioThreads < 0) {
      throw new IllegalArgumentException("--io-threads must be 0 or more, got " + ioThreads);
    }
    return new RuntimeOptions(
        Optional.ofNullable(drainDelay), Optional.ofNullable(gracePeriod), ioThreads, !noNative);
  }

  static Duration nonNegative(Duration value, String flag) {
    if (value != null && value.isNegative()) {
      throw new IllegalArgumentException(flag + " must not be negative");
    }
    return value;
  }
}
