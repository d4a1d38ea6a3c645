package io.twistd.runtime.cli;

import io.twistd.api.config.AppConfig;
import io.twistd.runtime.RuntimeOptions;
import io.twistd.runtime.ShutdownReport;
import io.twistd.runtime.StartupException;
import io.twistd.runtime.TwistdRuntime;
import io.twistd.runtime.logging.LogSetup;
import io.twistd.runtime.plugin.ServiceMakers;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Runs a validated configuration in the foreground, as {@code twistd -n} does: starts it, waits for
 * SIGTERM or SIGINT, shuts down gracefully and returns the exit code.
 */
final class Launcher {

  private static final Logger log = LoggerFactory.getLogger(Launcher.class);

  private Launcher() {}

  /**
   * @return 0 after a clean shutdown, 1 when starting failed or the grace period ran out
   */
  static int runUntilSignalled(
      AppConfig config, Path baseDirectory, ServiceMakers makers, RuntimeOptions options) {
    LogSetup.apply(config.getLogging());
    TwistdRuntime runtime;
    try {
      runtime = TwistdRuntime.start(config, baseDirectory, makers, options);
    } catch (StartupException e) {
      log.error("{}", e.getMessage());
      return ExitCodes.FAILURE;
    }
    Signal.handle(new Signal("TERM"), signal -> onSignal(runtime, signal));
    Signal.handle(new Signal("INT"), signal -> onSignal(runtime, signal));
    ShutdownReport report = runtime.terminated().join();
    return report.clean() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private static void onSignal(TwistdRuntime runtime, Signal signal) {
    log.info("received SIG{}", signal.getName());
    runtime.shutdown();
  }
}
