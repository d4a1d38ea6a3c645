package io.twistd.runtime.cli;

import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ConfigLoader;
import io.twistd.runtime.RuntimeOptions;
import io.twistd.runtime.ShutdownReport;
import io.twistd.runtime.StartupException;
import io.twistd.runtime.TwistdRuntime;
import io.twistd.runtime.config.reload.ConfigReloader;
import io.twistd.runtime.config.reload.ConfigSnapshot;
import io.twistd.runtime.logging.LogSetup;
import io.twistd.runtime.plugin.ServiceMakers;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs a validated configuration in the foreground, as {@code twistd -n} does: starts it, applies
 * changes of its config file and TLS files live ({@link ConfigReloader}; SIGHUP reads them again),
 * waits for SIGTERM or SIGINT, shuts down gracefully and returns the exit code.
 */
final class Launcher {

  private static final Logger log = LoggerFactory.getLogger(Launcher.class);

  private Launcher() {}

  /**
   * @param configFile the config file as it was read, when there is one to watch
   * @return 0 after a clean shutdown, 1 when starting failed or the grace period ran out
   */
  static int runUntilSignalled(
      AppConfig config,
      Optional<ConfigSnapshot> configFile,
      Path baseDirectory,
      ServiceMakers makers,
      RuntimeOptions options) {
    LogSetup.apply(config.getLogging());
    TwistdRuntime runtime;
    try {
      runtime = TwistdRuntime.start(config, baseDirectory, makers, options);
    } catch (StartupException e) {
      log.error("{}", e.getMessage());
      return ExitCodes.FAILURE;
    }
    ConfigReloader reloader =
        configFile
            .map(
                file ->
                    ConfigReloader.forFile(
                        runtime, new ConfigLoader(makers), file, ConfigReloader.Timing.defaults()))
            .orElseGet(() -> ConfigReloader.tlsOnly(runtime, ConfigReloader.Timing.defaults()));
    reloader.start();
    Signal.handle(new Signal("TERM"), signal -> onSignal(runtime, signal));
    Signal.handle(new Signal("INT"), signal -> onSignal(runtime, signal));
    Signal.handle(new Signal("HUP"), signal -> onReloadSignal(reloader, signal));
    ShutdownReport report = runtime.terminated().join();
    reloader.close();
    return report.clean() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private static void onSignal(TwistdRuntime runtime, Signal signal) {
    log.info("received SIG{}", signal.getName());
    runtime.shutdown();
  }

  private static void onReloadSignal(ConfigReloader reloader, Signal signal) {
    log.info("received SIG{}: reading the config and TLS files again", signal.getName());
    reloader.reloadNow("SIG" + signal.getName());
  }
}
