package io.twistd.testenv;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child process of the test JVM (etcd, kube-apiserver, …) whose output goes to a log file.
 *
 * <p>{@link #close()} is idempotent and thread-safe: it asks the process to stop (SIGTERM), waits a
 * few seconds, then kills it.
 */
final class ManagedProcess implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ManagedProcess.class);
  private static final long STOP_GRACE_SECONDS = 10;

  private final String name;
  private final Process process;
  private final Path logFile;

  private ManagedProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts {@code command}, with stdout and stderr appended to {@code logFile}.
   *
   * @throws UncheckedIOException when the process cannot be started
   */
  static ManagedProcess start(String name, List<String> command, Path logFile) {
    LOG.debug("starting {}: {}", name, String.join(" ", command));
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .start();
      LOG.info("started {} (pid {}), log: {}", name, process.pid(), logFile);
      return new ManagedProcess(name, process, logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
    }
  }

  /** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
  static int freeLoopbackPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on loopback", e);
    }
  }

  /** The process name given at start, for messages. */
  String name() {
    return name;
  }

  /** Whether the process is still running. */
  boolean isAlive() {
    return process.isAlive();
  }

  /** The last {@code lines} lines of the log, for error messages. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + logFile + ": " + e.getMessage() + ")";
    }
  }

  private String failureReport(String what) {
    String state = isAlive() ? "is running" : "exited with " + process.exitValue();
    return name + " " + what + " (" + state + "); log " + logFile + " ends with:\n" + logTail(30);
  }

  /**
   * Waits until {@code ready} holds, polling it (exceptions count as "not yet").
   *
   * @throws IllegalStateException when the process exits first or {@code timeout} passes; the
   *     message holds the end of the log
   */
  void awaitReady(Duration timeout, Callable<Boolean> ready) {
    try {
      await(name + " ready")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .failFast(name + " exited", () -> !process.isAlive())
          .until(ready);
    } catch (ConditionTimeoutException | TerminalFailureException e) {
      throw new IllegalStateException(failureReport("did not become ready"), e);
    }
  }

  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
      }
      LOG.info("stopped {}", name);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
