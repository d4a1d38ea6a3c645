package io.twistd.bench.http;

import io.twistd.bench.proc.ServerProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs wrk (one thread, keep-alive) against a URL and reads its summary. */
public final class Wrk {

  private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");

  private final String cpus;

  /** A wrk pinned to {@code cpus}. */
  public Wrk(String cpus) {
    this.cpus = cpus;
  }

  /** What one run of wrk reported. */
  public record Result(double requestsPerSecond, long requests, long errors) {}

  /**
   * Runs wrk with {@code connections} kept-alive connections for {@code duration}, blocking until
   * it finishes.
   *
   * @param logFile where wrk's report goes
   */
  public Result run(String url, int connections, Duration duration, Path logFile) {
    ServerProcess wrk =
        ServerProcess.start(
            "wrk",
            cpus,
            List.of(
                "wrk",
                "-t1",
                "-c" + connections,
                "-d" + duration.toSeconds() + "s",
                "--timeout",
                "5s",
                url),
            logFile,
            Map.of());
    int exit = wrk.awaitExit(duration.plusSeconds(30));
    String report = wrk.output();
    if (exit != 0) {
      throw new IllegalStateException("wrk failed (" + exit + "):\n" + report);
    }
    return parse(report);
  }

  static Result parse(String report) {
    Matcher rate = RATE.matcher(report);
    Matcher total = TOTAL.matcher(report);
    if (!rate.find() || !total.find()) {
      throw new IllegalStateException("no rate in wrk's report:\n" + report);
    }
    long errors = 0;
    Matcher socket = SOCKET_ERRORS.matcher(report);
    if (socket.find()) {
      for (int group = 1; group <= 4; group++) {
        errors += Long.parseLong(socket.group(group));
      }
    }
    Matcher non2xx = NON_2XX.matcher(report);
    if (non2xx.find()) {
      errors += Long.parseLong(non2xx.group(1));
    }
    return new Result(Double.parseDouble(rate.group(1)), Long.parseLong(total.group(1)), errors);
  }
}
