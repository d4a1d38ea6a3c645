package io.twistd.runtime.cli;

import io.twistd.api.config.ConfigLoader;
import io.twistd.api.config.InvalidConfigException;
import io.twistd.runtime.RuntimeOptions;
import io.twistd.runtime.StartupException;
import io.twistd.runtime.TwistdRuntime;
import io.twistd.runtime.config.reload.ConfigReloader;
import io.twistd.runtime.logging.LogSetup;
import io.twistd.runtime.plugin.ServiceMakers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code train CONFIG} (hidden): the run that records the image's class-data-sharing archive. It
 * does once, quickly, what a pod does in its first seconds: starts the config as {@code run} does,
 * rehearses a reload, serves one request on every listener and on the admin endpoints ({@link
 * TrainingVisits}), then stops gracefully. Run with {@code -XX:ArchiveClassesAtExit}, the archive
 * then holds the classes of serving, not only of reading a config, which is what the start-up time
 * of a pod waits for (bench/RESULTS.md).
 */
@Command(
    name = "train",
    hidden = true,
    description =
        "Start CONFIG, serve one request on each listener and the admin endpoints, and stop: the"
            + " run that records the image's class-data-sharing archive.",
    mixinStandardHelpOptions = true)
final class TrainCommand implements Callable<Integer> {

  private static final Duration VISIT_TIMEOUT = Duration.ofSeconds(5);

  private final ServiceMakers makers;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONFIG", description = "The config file to train on.")
  Path config;

  TrainCommand(ServiceMakers makers) {
    this.makers = makers;
  }

  @Override
  public Integer call() {
    CheckedConfig checked;
    try {
      checked = CheckedConfig.read(config, new ConfigLoader(makers));
    } catch (InvalidConfigException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return ExitCodes.INVALID;
    }
    LogSetup.apply(checked.config().getLogging());
    TwistdRuntime runtime;
    try {
      runtime =
          TwistdRuntime.start(
              checked.config(),
              config.toAbsolutePath().getParent(),
              makers,
              RuntimeOptions.defaults().withDrainDelay(Duration.ZERO));
    } catch (StartupException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return ExitCodes.FAILURE;
    }
    try (ConfigReloader reloader =
        ConfigReloader.forFile(
            runtime,
            new ConfigLoader(makers),
            checked.snapshot(),
            ConfigReloader.Timing.defaults())) {
      reloader.start(); // rehearses a reload on its thread
      int visits = new TrainingVisits(VISIT_TIMEOUT).visit(runtime);
      reloader.reloadNow("training").join(); // after the rehearsal, on the same thread
      spec.commandLine()
          .getOut()
          .printf("trained on %s: %d requests served%n", config, visits)
          .flush();
    } finally {
      runtime.shutdown();
    }
    return runtime.terminated().join().clean() ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
