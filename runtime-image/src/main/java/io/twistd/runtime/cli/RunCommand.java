package io.twistd.runtime.cli;

import io.twistd.api.config.ConfigLoader;
import io.twistd.api.config.InvalidConfigException;
import io.twistd.runtime.plugin.ServiceMakers;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code run [CONFIG]}: runs the application a config file describes, in the foreground, and
 * applies the file live whenever it changes (or on SIGHUP).
 */
@Command(
    name = "run",
    description = "Run the service tree of a config file until SIGTERM or SIGINT.",
    mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {

  static final String DEFAULT_CONFIG = "/etc/twistd/app.yaml";

  private final ServiceMakers makers;

  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "CONFIG",
      defaultValue = DEFAULT_CONFIG,
      description = "The config file (default: ${DEFAULT-VALUE}).")
  Path config;

  @Mixin RunOptions runOptions;

  RunCommand(ServiceMakers makers) {
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
    Path base = config.toAbsolutePath().getParent();
    return Launcher.runUntilSignalled(
        checked.config(),
        Optional.of(checked.snapshot()),
        base,
        makers,
        runOptions.toRuntimeOptions());
  }
}
