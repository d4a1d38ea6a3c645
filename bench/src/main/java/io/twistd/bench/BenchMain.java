package io.twistd.bench;

import io.twistd.bench.echo.EchoSection;
import io.twistd.bench.http.HttpSection;
import io.twistd.bench.operator.OperatorSection;
import io.twistd.bench.reload.ReloadSection;
import io.twistd.bench.startup.StartupSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the benchmarks of {@code bench/RESULTS.md} one after another and rewrites its results part.
 * {@code bench/run.sh} installs the references, builds, and calls this.
 */
@Command(
    name = "twistd-bench",
    mixinStandardHelpOptions = true,
    description = "Measures the runtime and the operator side by side with their references.")
public final class BenchMain implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(BenchMain.class);

  @Option(names = "--full", description = "Medians over rounds; about 25 minutes.")
  boolean full;

  @Option(
      names = "--only",
      split = ",",
      description = "Sections to run: http, echo, startup, reload, operator (default: all).")
  List<String> only = new ArrayList<>();

  @Option(
      names = "--apps",
      split = ",",
      description =
          "TwistedApplications created at once, per operator scale step (default: 100; --full:"
              + " 100,500,1000).")
  List<Integer> apps = new ArrayList<>();

  @Option(names = "--repository", defaultValue = ".", description = "The repository root.")
  Path repository;

  @Option(names = "--work", description = "Scratch directory (default: a new temporary one).")
  Path work;

  @Option(names = "--results", description = "Where to write (default: bench/RESULTS.md).")
  Path resultsFile;

  @Option(names = "--server-cpus", defaultValue = "0", description = "taskset list for servers.")
  String serverCpus;

  @Option(names = "--client-cpus", defaultValue = "1", description = "taskset list for clients.")
  String clientCpus;

  @Option(names = "--twistd", defaultValue = "twistd3", description = "The twistd executable.")
  String twistd;

  @Option(names = "--command", description = "The command line to record in the results.")
  String command;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path root = repository.toAbsolutePath().normalize();
    // readable by all: nginx's worker runs as another user and serves files from here
    Path scratch =
        work != null
            ? work
            : Files.createTempDirectory(
                "twistd-bench-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Results results = new Results();
    Mode mode = full ? Mode.FULL : Mode.QUICK;
    if (!apps.isEmpty()) {
      mode = mode.withOperatorSizes(apps);
    }
    BenchContext context =
        new BenchContext(root, scratch, mode, serverCpus, clientCpus, twistd, results);
    List<Section> sections =
        List.of(
            new HttpSection(),
            new EchoSection(),
            new StartupSection(),
            new ReloadSection(),
            new OperatorSection());
    Instant started = Instant.now();
    RuntimeArchive.record(context);
    List<String> failed = new ArrayList<>();
    for (Section section : sections) {
      if (!only.isEmpty() && !only.contains(section.name())) {
        continue;
      }
      log.info(
          "measuring {} ({}; logs under {})", section.name(), full ? "full" : "quick", scratch);
      try {
        section.run(context);
      } catch (RuntimeException e) {
        // the other sections still measure; the failure is in the results and the exit code
        log.error("{} failed", section.name(), e);
        failed.add(section.name());
        results.add(
            new Row(section.name(), "failed: " + e.getMessage(), "—", "—", Row.Verdict.MISSED));
      }
    }
    Path target = resultsFile != null ? resultsFile : root.resolve("bench/RESULTS.md");
    String heading =
        "%s run of %s (%d s)"
            .formatted(
                full ? "Full" : "Quick",
                started.truncatedTo(ChronoUnit.SECONDS),
                java.time.Duration.between(started, Instant.now()).toSeconds());
    ResultsDocument.write(
        target,
        heading,
        Machine.describe(twistd),
        command != null ? command : "bash bench/run.sh" + (full ? " --full" : ""),
        results);
    log.info("results written to {}", target);
    return failed.isEmpty() ? 0 : 1;
  }
}
