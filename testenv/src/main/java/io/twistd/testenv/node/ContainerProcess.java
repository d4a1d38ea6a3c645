package io.twistd.testenv.node;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running container: one host process with the container's environment, whose output is appended
 * to the container's log file.
 *
 * <p>Thread-safe.
 */
final class ContainerProcess {

  private static final Logger LOG = LoggerFactory.getLogger(ContainerProcess.class);

  private final String name;
  private final Process process;
  private final Instant startedAt;
  private final Path log;

  private ContainerProcess(String name, Process process, Instant startedAt, Path log) {
    this.name = name;
    this.process = process;
    this.startedAt = startedAt;
    this.log = log;
  }

  /**
   * Starts {@code command} with exactly {@code env}, stdin from {@code /dev/null}, stdout and
   * stderr appended to {@code log}.
   *
   * @throws UncheckedIOException when the process cannot be started
   */
  static ContainerProcess start(
      String name, List<String> command, Map<String, String> env, Path log) {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(env);
    try {
      Process process = builder.start();
      LOG.info("container {} started (pid {}), log: {}", name, process.pid(), log);
      return new ContainerProcess(name, process, Instant.now(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start container " + name, e);
    }
  }

  /** The host process id. */
  long pid() {
    return process.pid();
  }

  /** When the process started. */
  Instant startedAt() {
    return startedAt;
  }

  /** Whether the process still runs. */
  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * The exit code; only once {@link #isAlive()} is false. 128+N for a process killed by signal N.
   */
  int exitCode() {
    return process.exitValue();
  }

  /** The last {@code lines} lines of the container's log, for messages. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** Sends SIGTERM. */
  void terminate() {
    if (process.isAlive()) {
      LOG.info("container {}: SIGTERM to pid {}", name, process.pid());
      process.destroy();
    }
  }

  /** Sends SIGKILL. */
  void kill() {
    if (process.isAlive()) {
      LOG.warn("container {}: SIGKILL to pid {}", name, process.pid());
      process.destroyForcibly();
    }
  }
}
