package io.twistd.runtime.process;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The runtime as the process its container runs: {@code java -cp … io.twistd.runtime.cli.Main
 * ARGS}, with its output captured in a file. Killed at {@link #close()} if still alive.
 */
final class RuntimeProcess implements AutoCloseable {

  private final Process process;
  private final Path output;

  private RuntimeProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  static RuntimeProcess start(Path workDir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.twistd.runtime.cli.Main");
    command.addAll(List.of(args));
    Path output = Files.createTempFile(workDir, "runtime", ".log");
    Process process =
        new ProcessBuilder(command)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    return new RuntimeProcess(process, output);
  }

  /** A TCP port free now on loopback. */
  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Waits until the admin server on {@code adminPort} answers {@code /readyz} with 200. */
  void awaitReady(int adminPort) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .failFast("the runtime exited:\n" + "see output", () -> !process.isAlive())
        .until(() -> readyzStatus(adminPort) == 200);
  }

  /** The status code of {@code /readyz}, or -1 when nothing answers. */
  static int readyzStatus(int adminPort) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/readyz"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  long pid() {
    return process.pid();
  }

  /** Sends {@code signal} (e.g. TERM, INT) to the process. */
  void signal(String signal) throws IOException, InterruptedException {
    int code = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start().waitFor();
    if (code != 0) {
      throw new IllegalStateException("kill -" + signal + " failed with " + code);
    }
  }

  /** Waits for the process to exit and returns its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the runtime did not exit within " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** What the process printed so far. */
  String output() {
    try {
      return Files.readString(output);
    } catch (IOException e) {
      return "(cannot read output: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
