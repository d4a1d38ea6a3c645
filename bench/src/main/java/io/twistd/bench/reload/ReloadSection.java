package io.twistd.bench.reload;

import io.twistd.bench.BenchContext;
import io.twistd.bench.Row;
import io.twistd.bench.Section;
import io.twistd.bench.http.WebRoot;
import io.twistd.bench.http.Wrk;
import io.twistd.bench.proc.HttpGet;
import io.twistd.bench.proc.ServerProcess;
import io.twistd.bench.proc.Stats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * Live reload under load: the runtime runs a {@code web} service from a ConfigMap-style volume
 * while wrk loads it; the config's {@code path} is swapped between two web roots again and again
 * ({@code ..data} renamed, as the kubelet does), and a probe on a kept-alive connection times each
 * swap until the new root's content is served. Every failed request counts: wrk's errors and the
 * probe's.
 */
public final class ReloadSection implements Section {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration SWAP_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration BETWEEN_SWAPS = Duration.ofMillis(300);
  private static final double P99_TARGET_MILLIS = 100;
  private static final String PROBE = "/probe.txt";

  @Override
  public String name() {
    return "reload";
  }

  @Override
  public void run(BenchContext context) {
    Path work = context.work().resolve("reload");
    try {
      Path rootA = webRoot(work.resolve("www-a"), "a");
      Path rootB = webRoot(work.resolve("www-b"), "b");
      ConfigMapVolume volume = new ConfigMapVolume(work.resolve("config"), "app.yaml");
      int port = ServerProcess.freePort();
      int admin = ServerProcess.freePort();
      volume.write(config(port, admin, rootA));
      try (ServerProcess runtime =
          ServerProcess.start(
              "runtime run",
              context.serverCpus(),
              context.runtimeCommand("run", volume.file().toString()),
              work.resolve("runtime.log"),
              Map.of())) {
        runtime.awaitListening(port, START_TIMEOUT);
        // Warmed up as the HTTP section warms its servers: a reload measured two seconds into a
        // cold JVM under load waited for the JIT compiling the serving path (the first of 20 took
        // 200 ms and the others under 50 ms, before and after the runtime rehearsed its reload).
        new Wrk(context.clientCpus())
            .run(
                "http://127.0.0.1:" + port + "/" + WebRoot.SMALL,
                16,
                context.mode().warmup(),
                work.resolve("wrk-warmup.log"));
        measure(context, work, volume, port, admin, List.of(rootA, rootB), runtime);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path webRoot(Path directory, String probe) throws IOException {
    WebRoot.create(directory);
    Files.writeString(directory.resolve(PROBE.substring(1)), probe);
    return directory;
  }

  private static String config(int port, int admin, Path root) {
    return """
        application: reload-bench
        admin: {listen: "tcp:%d:interface=127.0.0.1"}
        logging: {level: warn, format: text}
        shutdown: {drainDelay: 0s, gracePeriod: 5s}
        services:
          - {name: web, type: web, listen: ["tcp:%d:interface=127.0.0.1"], options: {path: "%s"}}
        """
        .formatted(admin, port, root);
  }

  private static void measure(
      BenchContext context,
      Path work,
      ConfigMapVolume volume,
      int port,
      int admin,
      List<Path> roots,
      ServerProcess runtime)
      throws IOException {
    int reloads = context.mode().reloads();
    Duration loadFor = BETWEEN_SWAPS.multipliedBy(reloads * 2L).plusSeconds(5);
    CompletableFuture<Wrk.Result> load =
        CompletableFuture.supplyAsync(
            () ->
                new Wrk(context.clientCpus())
                    .run(
                        "http://127.0.0.1:" + port + "/" + WebRoot.SMALL,
                        16,
                        loadFor,
                        work.resolve("wrk.log")));
    ServerProcess.pause(Duration.ofSeconds(2)); // wrk has connected and loads
    List<Double> millis = new ArrayList<>();
    Probe probe = new Probe(port);
    try {
      for (int i = 1; i <= reloads; i++) {
        Path root = roots.get(i % 2);
        String expected = Files.readString(root.resolve(PROBE.substring(1)));
        volume.write(config(port, admin, root));
        long swapped = System.nanoTime();
        probe.awaitBody(expected, swapped + SWAP_TIMEOUT.toNanos());
        double took = (System.nanoTime() - swapped) / 1e6;
        millis.add(took);
        context.results().detail("reload %d: new root served %.1f ms after the swap", i, took);
        runtime.requireAlive();
        ServerProcess.pause(BETWEEN_SWAPS);
      }
    } finally {
      probe.close();
    }
    Wrk.Result result = load.join();
    long failed = result.errors() + probe.failures();
    context
        .results()
        .detail(
            "reload load: wrk %d requests (%d failed), probe %d requests (%d failed)",
            result.requests(), result.errors(), probe.requests(), probe.failures());
    double p50 = Stats.percentile(millis, 50);
    double p99 = Stats.percentile(millis, 99);
    context
        .results()
        .add(
            new Row(
                "Live reload under load (wrk, 16 connections): ..data swap → new config served,"
                    + " %d reloads (ms); failed requests".formatted(reloads),
                "p50 %.0f, p99 %.0f; %d failed of %d"
                    .formatted(p50, p99, failed, result.requests() + probe.requests()),
                "—",
                "p99 ≤ 100 ms, 0 failed",
                Row.Verdict.of(p99 <= P99_TARGET_MILLIS && failed == 0)));
  }

  /** Polls one kept-alive connection; a failed request counts and the probe reconnects. */
  private static final class Probe implements AutoCloseable {
    private static final long POLL_NANOS = 200_000;
    private final int port;
    private HttpGet http;
    private long requests;
    private long failures;

    Probe(int port) {
      this.port = port;
    }

    void awaitBody(String expected, long deadlineNanos) {
      while (System.nanoTime() < deadlineNanos) {
        requests++;
        try {
          if (http == null) {
            http = HttpGet.connect(port);
          }
          HttpGet.Response response = http.get(PROBE);
          if (response.status() != 200) {
            failures++;
          } else if (response.body().equals(expected)) {
            return;
          }
          LockSupport.parkNanos(POLL_NANOS);
        } catch (IOException e) {
          failures++;
          close();
        }
      }
      throw new IllegalStateException("the new config was not served within " + SWAP_TIMEOUT);
    }

    long requests() {
      return requests;
    }

    long failures() {
      return failures;
    }

    @Override
    public void close() {
      if (http != null) {
        try {
          http.close();
        } catch (IOException ignored) {
          // closing a probe connection that already failed
        }
        http = null;
      }
    }
  }
}
