package io.twistd.runtime.cli;

import io.twistd.api.validation.OptionSpec;
import io.twistd.api.validation.ServiceTypeSpec;
import io.twistd.runtime.plugin.ServiceMaker;
import io.twistd.runtime.plugin.ServiceMakers;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code plugins}: lists every service type, built-in or plugin, with its options. */
@Command(
    name = "plugins",
    description = "List the service types this runtime knows, with their options.",
    mixinStandardHelpOptions = true)
final class PluginsCommand implements Runnable {

  private final ServiceMakers makers;

  @Spec CommandSpec spec;

  PluginsCommand(ServiceMakers makers) {
    this.makers = makers;
  }

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    for (ServiceMaker maker : makers.makers()) {
      ServiceTypeSpec type = maker.spec();
      out.printf("%-12s %s%n", type.type(), type.description());
      for (OptionSpec option : type.options()) {
        out.printf("    %-20s %-9s %s%n", option.name(), option.type().label(), describe(option));
      }
    }
  }

  private static String describe(OptionSpec option) {
    if (option.required()) {
      return option.description() + " (required)";
    }
    if (option.defaultValue() != null) {
      return option.description() + " (default: " + option.defaultValue() + ")";
    }
    return option.description();
  }
}
