package io.twistd.bench.http;

import io.twistd.bench.BenchContext;
import io.twistd.bench.Row;
import io.twistd.bench.Section;
import io.twistd.bench.proc.ProcStats;
import io.twistd.bench.proc.ServerProcess;
import io.twistd.bench.proc.Stats;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Static files over HTTP/1.1 keep-alive, 32 connections, wrk on the client CPU: the runtime's
 * {@code web}, nginx (one worker) and {@code twistd web}, all three listening at once so that their
 * rounds interleave (a busy spell of the shared machine hits all of them alike). Also the runtime's
 * and twistd's resident memory, idle and after the load.
 */
public final class HttpSection implements Section {

  private static final int CONNECTIONS = 32;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final double IDLE_MIB_TARGET = 64;
  private static final Duration IDLE_AFTER_LISTENING = Duration.ofSeconds(10);

  @Override
  public String name() {
    return "http";
  }

  @Override
  public void run(BenchContext context) {
    Path work = context.work().resolve("http");
    Path root = WebRoot.create(work.resolve("www"));
    Map<String, Server> servers = new LinkedHashMap<>();
    try {
      servers.put("runtime", startRuntime(context, work, root));
      servers.put("nginx", startNginx(context, work, root));
      servers.put("twistd", startTwistd(context, work, root));
      measure(context, work, servers);
    } finally {
      servers.values().forEach(server -> server.process().close());
    }
  }

  private record Server(ServerProcess process, int port, long idleRssKib) {
    String url(String file) {
      return "http://127.0.0.1:" + port + "/" + file;
    }
  }

  private static Server startRuntime(BenchContext context, Path work, Path root) {
    int port = ServerProcess.freePort();
    int admin = ServerProcess.freePort();
    List<String> command =
        context.runtimeCommand(
            "web",
            "--listen",
            "tcp:" + port + ":interface=127.0.0.1",
            "--path",
            root.toString(),
            "--admin",
            "tcp:" + admin + ":interface=127.0.0.1",
            "--log-level",
            "warn",
            "--drain-delay",
            "0s");
    return started(context, "runtime web", command, work.resolve("runtime.log"), port);
  }

  private static Server startNginx(BenchContext context, Path work, Path root) {
    int port = ServerProcess.freePort();
    List<String> command = Nginx.command(work.resolve("nginx"), root, port);
    return started(context, "nginx", command, work.resolve("nginx.log"), port);
  }

  private static Server startTwistd(BenchContext context, Path work, Path root) {
    int port = ServerProcess.freePort();
    List<String> command =
        List.of(
            context.twistd(),
            "-n",
            "--pidfile=",
            "-l",
            "/dev/null",
            "web",
            "--listen",
            "tcp:" + port + ":interface=127.0.0.1",
            "--path",
            root.toString());
    return started(context, "twistd web", command, work.resolve("twistd.log"), port);
  }

  private static Server started(
      BenchContext context, String name, List<String> command, Path log, int port) {
    ServerProcess process = ServerProcess.start(name, context.serverCpus(), command, log, Map.of());
    process.awaitListening(port, START_TIMEOUT);
    // Idle is what a started server keeps: the runtime's JIT holds its start-up arenas for about
    // 4 s after it listens (90 MiB at 2 s, 74 MiB from 5 s on, sampled every 500 ms), then gives
    // them back. Every server waits the same, which also lets its start-up work settle before load.
    ServerProcess.pause(IDLE_AFTER_LISTENING);
    return new Server(process, port, ProcStats.rssKib(process.pid()));
  }

  private static void measure(BenchContext context, Path work, Map<String, Server> servers) {
    Wrk wrk = new Wrk(context.clientCpus());
    Path wrkLog = work.resolve("wrk.log");
    // Every file: a server may answer them by different code paths (the runtime keeps small
    // files in memory and sends larger ones with sendfile), each of which needs its JIT warm-up.
    for (Server server : servers.values()) {
      for (String file : List.of(WebRoot.SMALL, WebRoot.LARGE)) {
        wrk.run(server.url(file), CONNECTIONS, context.mode().warmup(), wrkLog);
      }
    }
    Map<String, Map<String, List<Double>>> rates = new LinkedHashMap<>();
    for (String file : List.of(WebRoot.SMALL, WebRoot.LARGE)) {
      rates.put(file, new LinkedHashMap<>());
      servers.keySet().forEach(name -> rates.get(file).put(name, new ArrayList<>()));
    }
    for (int round = 1; round <= context.mode().rounds(); round++) {
      for (String file : rates.keySet()) {
        for (Map.Entry<String, Server> server : servers.entrySet()) {
          Wrk.Result result =
              wrk.run(server.getValue().url(file), CONNECTIONS, context.mode().measure(), wrkLog);
          if (result.errors() > 0) {
            throw new IllegalStateException(
                server.getKey() + " failed " + result.errors() + " requests; see " + wrkLog);
          }
          rates.get(file).get(server.getKey()).add(result.requestsPerSecond());
          context
              .results()
              .detail(
                  "http round %d %s %s: %.0f req/s",
                  round, file, server.getKey(), result.requestsPerSecond());
        }
      }
    }
    rates.forEach((file, byServer) -> addThroughputRow(context, file, byServer));
    addMemoryRow(context, servers.get("runtime"), servers.get("twistd"));
  }

  private static void addThroughputRow(
      BenchContext context, String file, Map<String, List<Double>> byServer) {
    double ours = Stats.median(byServer.get("runtime"));
    double nginx = Stats.median(byServer.get("nginx"));
    double twistd = Stats.median(byServer.get("twistd"));
    context
        .results()
        .add(
            new Row(
                "HTTP static " + file + ", keep-alive, 32 connections (req/s)",
                "%.0f".formatted(ours),
                "nginx %.0f (ours %.2f×); twistd %.0f (ours %.1f×)"
                    .formatted(nginx, ours / nginx, twistd, ours / twistd),
                "≥ 1.0× nginx, ≥ 10× twistd",
                Row.Verdict.of(ours >= nginx && ours >= 10 * twistd)));
  }

  private static void addMemoryRow(BenchContext context, Server runtime, Server twistd) {
    double idle = runtime.idleRssKib() / 1024.0;
    double loaded = ProcStats.peakRssKib(runtime.process().pid()) / 1024.0;
    double twistdIdle = twistd.idleRssKib() / 1024.0;
    double twistdLoaded = ProcStats.peakRssKib(twistd.process().pid()) / 1024.0;
    context
        .results()
        .add(
            new Row(
                "Resident memory of the web server: idle after start / peak under load (MiB)",
                "%.0f / %.0f".formatted(idle, loaded),
                "twistd %.0f / %.0f".formatted(twistdIdle, twistdLoaded),
                "idle ≤ 64 MiB",
                Row.Verdict.of(idle <= IDLE_MIB_TARGET)));
  }
}
