package io.twistd.runtime.cli;

import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ConfigLoader;
import io.twistd.api.config.InvalidConfigException;
import io.twistd.runtime.plugin.ServiceMakers;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code validate CONFIG}: checks a config file and prints every problem; exit 2 when invalid. */
@Command(
    name = "validate",
    description = "Check a config file without running it; print every problem found.",
    mixinStandardHelpOptions = true)
final class ValidateCommand implements Callable<Integer> {

  private final ServiceMakers makers;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "CONFIG", description = "The config file to check.")
  Path config;

  ValidateCommand(ServiceMakers makers) {
    this.makers = makers;
  }

  @Override
  public Integer call() {
    try {
      AppConfig loaded = new ConfigLoader(makers).load(config);
      spec.commandLine()
          .getOut()
          .printf(
              "%s: valid (application '%s', %d top-level services)%n",
              config, loaded.getApplication(), loaded.getServices().size());
      return ExitCodes.OK;
    } catch (InvalidConfigException e) {
      e.problems().forEach(problem -> spec.commandLine().getErr().println(problem));
      return ExitCodes.INVALID;
    }
  }
}
