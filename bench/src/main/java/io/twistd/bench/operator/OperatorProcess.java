package io.twistd.bench.operator;

import io.twistd.bench.BenchContext;
import io.twistd.bench.proc.ServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operator as it runs in its pod: {@code java @jvm.options -jar twistd-operator.jar}, with the
 * image's JVM flags and the chart's memory limit ({@link PodMemoryLimit}), without leader election,
 * watching one namespace, with a kubeconfig for the control plane. Reads its {@code /metrics} for
 * the count of reconciles.
 */
final class OperatorProcess implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final String RECONCILES = "twistd_operator_reconciles_total";

  private final ServerProcess process;
  private final int httpPort;
  private final HttpClient http = HttpClient.newHttpClient();

  private OperatorProcess(ServerProcess process, int httpPort) {
    this.process = process;
    this.httpPort = httpPort;
  }

  /** Starts the operator and returns once {@code /readyz} answers 200. */
  static OperatorProcess start(
      BenchContext context, Path kubeconfig, String namespace, Path logFile) {
    int port = ServerProcess.freePort();
    ServerProcess process =
        ServerProcess.start(
            "operator",
            "",
            List.of(
                "java",
                "@" + context.operatorJvmOptions(),
                PodMemoryLimit.maxRamFlag(context.chartValues()),
                "-jar",
                context.operatorJar().toString(),
                "--namespaces",
                namespace,
                "--no-leader-election",
                "--http-port",
                Integer.toString(port)),
            logFile,
            Map.of("KUBECONFIG", kubeconfig.toString()));
    OperatorProcess operator = new OperatorProcess(process, port);
    operator.awaitReady();
    return operator;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      process.requireAlive();
      try {
        if (get("/readyz").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      ServerProcess.pause(Duration.ofMillis(100));
    }
    throw new IllegalStateException(
        "the operator was not ready within " + READY_TIMEOUT + "; see " + process.logFile());
  }

  /** Reconciles counted so far, whatever their outcome. */
  long reconciles() {
    return reconcilesByOutcome().values().stream().mapToLong(Long::longValue).sum();
  }

  /** Reconciles counted so far, by outcome ({@code unchanged}, {@code status-updated}, ...). */
  Map<String, Long> reconcilesByOutcome() {
    try {
      Map<String, Long> byOutcome = new TreeMap<>();
      get("/metrics")
          .body()
          .lines()
          .filter(line -> line.startsWith(RECONCILES + "{"))
          .forEach(
              line ->
                  byOutcome.merge(
                      outcome(line),
                      (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)),
                      Long::sum));
      return byOutcome;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the operator's metrics", e);
    }
  }

  private static String outcome(String line) {
    String marker = "outcome=\"";
    int start = line.indexOf(marker);
    return start < 0
        ? ""
        : line.substring(start + marker.length(), line.indexOf('"', start + marker.length()));
  }

  long pid() {
    return process.pid();
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
              .timeout(Duration.ofSeconds(5))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() {
    process.close();
  }
}
