package io.twistd.bench.echo;

import io.twistd.bench.BenchContext;
import io.twistd.bench.Row;
import io.twistd.bench.Section;
import io.twistd.bench.proc.ServerProcess;
import io.twistd.bench.proc.Stats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TCP echo, 16 ping-pong connections of 64-byte messages, the Netty load client on the client CPU:
 * the runtime's {@code echo}, a raw Netty echo server (the floor, same JVM flags) and a twistd
 * {@code .tac} with Twisted's own {@code Echo} protocol, all listening at once, rounds interleaved.
 */
public final class EchoSection implements Section {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration ROUND_WARMUP = Duration.ofSeconds(2);

  @Override
  public String name() {
    return "echo";
  }

  private record Server(ServerProcess process, int port) {}

  @Override
  public void run(BenchContext context) {
    Path work = context.work().resolve("echo");
    Map<String, Server> servers = new LinkedHashMap<>();
    try {
      Files.createDirectories(work);
      int runtimePort = ServerProcess.freePort();
      servers.put(
          "runtime",
          start(
              context,
              "runtime echo",
              context.runtimeCommand(
                  "echo",
                  "--listen",
                  "tcp:" + runtimePort + ":interface=127.0.0.1",
                  "--admin",
                  "tcp:" + ServerProcess.freePort() + ":interface=127.0.0.1",
                  "--log-level",
                  "warn",
                  "--drain-delay",
                  "0s"),
              work.resolve("runtime.log"),
              runtimePort));
      int nettyPort = ServerProcess.freePort();
      servers.put(
          "netty",
          start(
              context,
              "raw Netty echo",
              context.benchJavaCommand(
                  true, RawEchoServer.class.getName(), Integer.toString(nettyPort)),
              work.resolve("netty.log"),
              nettyPort));
      int twistdPort = ServerProcess.freePort();
      Path tac = writeTac(work, twistdPort);
      servers.put(
          "twistd",
          start(
              context,
              "twistd echo",
              List.of(
                  context.twistd(), "-n", "--pidfile=", "-l", "/dev/null", "-y", tac.toString()),
              work.resolve("twistd.log"),
              twistdPort));
      measure(context, work, servers);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      servers.values().forEach(server -> server.process().close());
    }
  }

  private static Server start(
      BenchContext context, String name, List<String> command, Path log, int port) {
    ServerProcess process = ServerProcess.start(name, context.serverCpus(), command, log, Map.of());
    process.awaitListening(port, START_TIMEOUT);
    return new Server(process, port);
  }

  /** Twisted's own echo protocol, as its documentation's echo server serves it. */
  private static Path writeTac(Path work, int port) throws IOException {
    return Files.writeString(
        work.resolve("echo.tac"),
        """
        from twisted.application import internet, service
        from twisted.internet import protocol
        from twisted.protocols.wire import Echo

        application = service.Application("echo")
        factory = protocol.ServerFactory()
        factory.protocol = Echo
        internet.TCPServer(%d, factory, interface="127.0.0.1").setServiceParent(application)
        """
            .formatted(port));
  }

  private static void measure(BenchContext context, Path work, Map<String, Server> servers) {
    for (Server server : servers.values()) {
      load(context, work, server, context.mode().warmup(), Duration.ofSeconds(1));
    }
    Map<String, List<EchoResult>> results = new LinkedHashMap<>();
    for (int round = 1; round <= context.mode().rounds(); round++) {
      for (Map.Entry<String, Server> server : servers.entrySet()) {
        EchoResult result =
            load(context, work, server.getValue(), ROUND_WARMUP, context.mode().measure());
        results.computeIfAbsent(server.getKey(), name -> new ArrayList<>()).add(result);
        context
            .results()
            .detail(
                "echo round %d %s: %.0f messages/s, p99 %.0f µs, %.0f ns server CPU per message",
                round,
                server.getKey(),
                result.messagesPerSecond(),
                result.p99Micros(),
                result.cpuNanosPerMessage());
      }
    }
    addRows(context, results);
  }

  private static EchoResult load(
      BenchContext context, Path work, Server server, Duration warmup, Duration duration) {
    ServerProcess client =
        ServerProcess.start(
            "echo load client",
            context.clientCpus(),
            context.benchJavaCommand(
                false,
                EchoLoadClient.class.getName(),
                "--port",
                Integer.toString(server.port()),
                "--server-pid",
                Long.toString(server.process().pid()),
                "--warmup",
                warmup.toString(),
                "--duration",
                duration.toString()),
            work.resolve("client.log"),
            Map.of());
    int exit = client.awaitExit(warmup.plus(duration).plusSeconds(60));
    server.process().requireAlive();
    if (exit != 0) {
      throw new IllegalStateException("the echo load client failed:\n" + client.output());
    }
    return EchoResult.parse(client.output());
  }

  private static void addRows(BenchContext context, Map<String, List<EchoResult>> results) {
    double rate = median(results.get("runtime"), EchoResult::messagesPerSecond);
    double nettyRate = median(results.get("netty"), EchoResult::messagesPerSecond);
    double twistdRate = median(results.get("twistd"), EchoResult::messagesPerSecond);
    context
        .results()
        .add(
            new Row(
                "TCP echo, 16 ping-pong connections, 64 B: messages/s",
                "%.0f".formatted(rate),
                "raw Netty %.0f (ours %.2f×); twistd %.0f (ours %.1f×)"
                    .formatted(nettyRate, rate / nettyRate, twistdRate, rate / twistdRate),
                "≥ 0.9× raw Netty; ahead of twistd",
                Row.Verdict.of(rate >= 0.9 * nettyRate && rate > twistdRate)));
    double p99 = median(results.get("runtime"), EchoResult::p99Micros);
    context
        .results()
        .add(
            new Row(
                "TCP echo: p99 round trip (µs)",
                "%.0f".formatted(p99),
                "raw Netty %.0f; twistd %.0f"
                    .formatted(
                        median(results.get("netty"), EchoResult::p99Micros),
                        median(results.get("twistd"), EchoResult::p99Micros)),
                "(reported)",
                Row.Verdict.REPORTED));
    double cpu = median(results.get("runtime"), EchoResult::cpuNanosPerMessage);
    double nettyCpu = median(results.get("netty"), EchoResult::cpuNanosPerMessage);
    double twistdCpu = median(results.get("twistd"), EchoResult::cpuNanosPerMessage);
    context
        .results()
        .add(
            new Row(
                "TCP echo: server CPU time per message (ns, from /proc/PID/stat)",
                "%.0f".formatted(cpu),
                "raw Netty %.0f (ours %.2f×); twistd %.0f (ours %.2f×)"
                    .formatted(nettyCpu, cpu / nettyCpu, twistdCpu, cpu / twistdCpu),
                "≤ 1.1× raw Netty; below twistd",
                Row.Verdict.of(cpu <= 1.1 * nettyCpu && cpu < twistdCpu)));
  }

  private static double median(
      List<EchoResult> results, java.util.function.ToDoubleFunction<EchoResult> field) {
    return Stats.median(results.stream().map(r -> field.applyAsDouble(r)).toList());
  }
}
