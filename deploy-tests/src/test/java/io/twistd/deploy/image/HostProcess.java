package io.twistd.deploy.image;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** An image's command run as a process on this host, its output kept in a file. */
final class HostProcess implements AutoCloseable {

  private final Process process;
  private final Path output;
  private final List<String> command;

  private HostProcess(Process process, Path output, List<String> command) {
    this.process = process;
    this.output = output;
    this.command = command;
  }

  /** Starts {@code command} in {@code workDir} with {@code env} added to this JVM's environment. */
  static HostProcess start(List<String> command, Map<String, String> env, Path workDir) {
    try {
      Path output = Files.createTempFile(workDir, "process", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile());
      builder.environment().putAll(env);
      return new HostProcess(builder.start(), output, command);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** Runs {@code command} to its end (at most a minute). */
  static HostProcess run(List<String> command, Path workDir) {
    HostProcess process = start(command, Map.of(), workDir);
    process.awaitExit(Duration.ofMinutes(1));
    return process;
  }

  /** Waits for the process to exit; fails after {@code timeout}. */
  int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("still running after " + timeout + ": " + describe());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The exit code; the process must have ended. */
  int exitCode() {
    return process.exitValue();
  }

  /** Sends SIGTERM, as the kubelet does to stop a container. */
  void terminate() {
    process.destroy();
  }

  /** Waits until {@code http://127.0.0.1:port/path} answers 200; fails if the process exits. */
  void awaitHttpOk(int port, String path, Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .failFast("the process exited: " + describe(), () -> !process.isAlive())
        .until(() -> status(port, path) == 200);
  }

  /** Everything the process printed so far. */
  String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The command and its output, for failure messages. */
  String describe() {
    return String.join(" ", command) + "\n" + output();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int status(int port, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(2))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
