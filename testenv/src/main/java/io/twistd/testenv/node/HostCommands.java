package io.twistd.testenv.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs short host commands ({@code ip}, {@code kill}) of the process node and reports their output.
 *
 * <p>Stateless and thread-safe.
 */
final class HostCommands {

  private static final Logger LOG = LoggerFactory.getLogger(HostCommands.class);
  private static final long TIMEOUT_SECONDS = 30;

  /** What a command printed and how it ended. */
  record Result(int exitCode, String output) {
    boolean succeeded() {
      return exitCode == 0;
    }
  }

  private HostCommands() {}

  /**
   * Runs {@code command} and returns its output.
   *
   * @throws IllegalStateException when it exits non-zero; the message holds the command and output
   */
  static String run(String... command) {
    Result result = attempt(command);
    if (!result.succeeded()) {
      throw new IllegalStateException(
          "'"
              + String.join(" ", command)
              + "' exited with "
              + result.exitCode()
              + ": "
              + result.output().strip());
    }
    return result.output();
  }

  /** Runs {@code command} and returns how it ended; a failure is logged at debug level only. */
  static Result attempt(String... command) {
    try {
      Process process =
          new ProcessBuilder(List.of(command))
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return new Result(-1, "timed out after " + TIMEOUT_SECONDS + " s: " + output);
      }
      Result result = new Result(process.exitValue(), output);
      if (!result.succeeded()) {
        LOG.debug("'{}' exited with {}: {}", String.join(" ", command), result.exitCode(), output);
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command[0], e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command[0], e);
    }
  }
}
