package io.twistd.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process under measurement (a server, a load client), started with {@code taskset} on the CPUs
 * it is given, its output in a log file. {@link #close()} stops it with SIGTERM, then SIGKILL, and
 * waits for it, so that the next server can take the port.
 */
public final class ServerProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private final Process process;
  private final Path logFile;
  private final long startedNanos;

  private ServerProcess(String name, Process process, Path logFile, long startedNanos) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
    this.startedNanos = startedNanos;
  }

  /**
   * Starts {@code command} pinned to {@code cpus} (a {@code taskset -c} list; empty for no pin).
   *
   * @param logFile where its standard output and error go
   */
  public static ServerProcess start(
      String name, String cpus, List<String> command, Path logFile, Map<String, String> env) {
    List<String> full = new ArrayList<>();
    if (!cpus.isEmpty()) {
      full.addAll(List.of("taskset", "-c", cpus));
    }
    full.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(full)
            .redirectErrorStream(true)
            .redirectOutput(logFile.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    builder.environment().putAll(env);
    try {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      long started = System.nanoTime();
      Process process = builder.start();
      log.debug("started {} (pid {}): {}", name, process.pid(), full);
      return new ServerProcess(name, process, logFile, started);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + full, e);
    }
  }

  /** A free TCP port on 127.0.0.1 (free now; a server should take it soon). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until 127.0.0.1:{@code port} accepts connections; returns how long since the start. */
  public Duration awaitListening(int port, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      requireAlive();
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 100);
        return Duration.ofNanos(System.nanoTime() - startedNanos);
      } catch (IOException notYet) {
        pause(Duration.ofMillis(5));
      }
    }
    throw new IllegalStateException(
        name + " did not listen on " + port + " within " + timeout + "; see " + logFile);
  }

  /** Throws, naming the log, if the process has exited. */
  public void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name + " exited with " + process.exitValue() + "; see " + logFile + ":\n" + tail());
    }
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(logFile);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** When the process was started, on the {@link System#nanoTime()} clock. */
  public long startedNanos() {
    return startedNanos;
  }

  public long pid() {
    return process.pid();
  }

  public String name() {
    return name;
  }

  public Path logFile() {
    return logFile;
  }

  /** Waits for the process to exit by itself and returns its exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(name + " did not finish within " + timeout);
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for " + name, e);
    }
  }

  /** The process's output so far. */
  public String output() {
    try {
      return Files.readString(logFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sleeps; the harness paces itself with this, never a test. */
  public static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("{} ignored SIGTERM for {}; killing it", name, STOP_TIMEOUT);
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
