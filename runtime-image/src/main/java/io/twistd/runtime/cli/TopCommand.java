package io.twistd.runtime.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code twistd-runtime}: without a subcommand it shows the usage. */
@Command(
    name = "twistd-runtime",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Runs a Twisted-style service tree on Netty, as twistd does.",
    footer = {
      "",
      "Examples:",
      "  twistd-runtime run app.yaml",
      "  twistd-runtime validate app.yaml",
      "  twistd-runtime web --listen tcp:8080 --path ."
    })
final class TopCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing command: run, validate, plugins, version or a service type");
  }
}
