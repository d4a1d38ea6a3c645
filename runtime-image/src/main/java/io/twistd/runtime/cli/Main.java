package io.twistd.runtime.cli;

import io.twistd.api.config.Durations;
import io.twistd.runtime.plugin.ServiceMaker;
import io.twistd.runtime.plugin.ServiceMakers;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine;

/**
 * The {@code twistd-runtime} command: {@code run}, {@code validate}, {@code plugins}, {@code
 * version}, and one command per service type for twistd's one-service mode ({@code web --listen
 * tcp:8080 --path .}).
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line {@code args}; returns the exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return commandLine(ServiceMakers.discover(), out, err).execute(args);
  }

  /** The command line with every subcommand, for {@code makers}. */
  static CommandLine commandLine(ServiceMakers makers, PrintWriter out, PrintWriter err) {
    CommandLine line = new CommandLine(new TopCommand());
    line.addSubcommand(new CommandLine(new RunCommand(makers)));
    line.addSubcommand(new CommandLine(new ValidateCommand(makers)));
    line.addSubcommand(new CommandLine(new PluginsCommand(makers)));
    line.addSubcommand(new CommandLine(new VersionCommand()));
    line.addSubcommand(new CommandLine(new TrainCommand(makers)));
    for (ServiceMaker maker : makers.makers()) {
      if (!maker.spec().container()) {
        line.addSubcommand(maker.spec().type(), OneServiceCommand.commandLine(maker, makers));
      }
    }
    line.registerConverter(Duration.class, Durations::parse);
    line.setOut(out);
    line.setErr(err);
    line.setCaseInsensitiveEnumValuesAllowed(true);
    line.setExecutionExceptionHandler(
        (error, commandLine, parseResult) -> {
          commandLine.getErr().println("error: " + error.getMessage());
          return ExitCodes.FAILURE;
        });
    return line;
  }
}
