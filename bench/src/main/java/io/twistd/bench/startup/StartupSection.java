package io.twistd.bench.startup;

import io.twistd.bench.BenchContext;
import io.twistd.bench.Row;
import io.twistd.bench.Section;
import io.twistd.bench.http.WebRoot;
import io.twistd.bench.proc.HttpGet;
import io.twistd.bench.proc.ProcStats;
import io.twistd.bench.proc.ServerProcess;
import io.twistd.bench.proc.Stats;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * From process start to the first served request: the runtime's {@code web} (the image's JVM flags)
 * and {@code twistd web}, each started cold on the server CPU and polled every millisecond with a
 * GET of a static file, alternately, several times; the median is quoted. Also the CPU time each
 * had used by then.
 */
public final class StartupSection implements Section {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @Override
  public String name() {
    return "startup";
  }

  private record Start(double millis, double cpuMillis) {}

  @Override
  public void run(BenchContext context) {
    Path work = context.work().resolve("startup");
    Path root = WebRoot.create(work.resolve("www"));
    IntFunction<List<String>> runtime =
        port ->
            context.runtimeCommand(
                "web",
                "--listen",
                "tcp:" + port + ":interface=127.0.0.1",
                "--path",
                root.toString(),
                "--admin",
                "tcp:" + ServerProcess.freePort() + ":interface=127.0.0.1",
                "--log-level",
                "warn",
                "--drain-delay",
                "0s");
    IntFunction<List<String>> twistd =
        port ->
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
    List<Start> ours = new ArrayList<>();
    List<Start> theirs = new ArrayList<>();
    for (int round = 1; round <= context.mode().startups(); round++) {
      ours.add(time(context, "runtime", runtime, work));
      theirs.add(time(context, "twistd", twistd, work));
    }
    double median = Stats.median(ours.stream().map(Start::millis).toList());
    double twistdMedian = Stats.median(theirs.stream().map(Start::millis).toList());
    context
        .results()
        .add(
            new Row(
                "Start → first served request (ms, median of %d cold starts on one CPU)"
                    .formatted(ours.size()),
                "%.0f (CPU %.0f)"
                    .formatted(median, Stats.median(ours.stream().map(Start::cpuMillis).toList())),
                "twistd %.0f (CPU %.0f)"
                    .formatted(
                        twistdMedian, Stats.median(theirs.stream().map(Start::cpuMillis).toList())),
                "≤ twistd",
                Row.Verdict.of(median <= twistdMedian)));
  }

  private static Start time(
      BenchContext context, String name, IntFunction<List<String>> command, Path work) {
    int port = ServerProcess.freePort();
    try (ServerProcess process =
        ServerProcess.start(
            name,
            context.serverCpus(),
            command.apply(port),
            work.resolve(name + ".log"),
            Map.of())) {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        process.requireAlive();
        if (served(port)) {
          long millis = (System.nanoTime() - process.startedNanos()) / 1_000_000;
          double cpu = ProcStats.cpuNanos(process.pid()) / 1e6;
          context.results().detail("startup %s: %d ms (CPU %.0f ms)", name, millis, cpu);
          return new Start(millis, cpu);
        }
        ServerProcess.pause(Duration.ofMillis(1));
      }
      throw new IllegalStateException(name + " served nothing within " + TIMEOUT);
    }
  }

  private static boolean served(int port) {
    try (HttpGet http = HttpGet.connect(port)) {
      return http.get("/" + WebRoot.SMALL).status() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }
}
