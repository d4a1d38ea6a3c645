package io.twistd.runtime.cli;

import io.twistd.api.config.Durations;
import io.twistd.runtime.plugin.ServiceMaker;
import io.twistd.runtime.plugin.ServiceMakers;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
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
    ServiceMakers makers = ServiceMakers.discover();
    String asked = args.length == 0 ? "" : args[0];
    return commandLine(makers, out, err, name -> name.equals(asked) || !knows(makers, asked))
        .execute(args);
  }

  /** The command line with every subcommand, for {@code makers}. */
  static CommandLine commandLine(ServiceMakers makers, PrintWriter out, PrintWriter err) {
    return commandLine(makers, out, err, name -> true);
  }

  /**
   * The command line with the subcommands {@code wanted} names: {@link #execute} builds only the
   * one asked for when it exists (and all of them for help and mistakes), since picocli's model of
   * every subcommand, one per service type, was an eighth of the runtime's start-up CPU time.
   */
  private static CommandLine commandLine(
      ServiceMakers makers, PrintWriter out, PrintWriter err, Predicate<String> wanted) {
    CommandLine line = new CommandLine(new TopCommand());
    builtIns(makers)
        .forEach(
            (name, command) -> {
              if (wanted.test(name)) {
                line.addSubcommand(name, new CommandLine(command.get()));
              }
            });
    for (ServiceMaker maker : oneServiceMakers(makers)) {
      if (wanted.test(maker.spec().type())) {
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

  /** The commands that are not a service type, by name, made when asked for. */
  private static Map<String, Supplier<Object>> builtIns(ServiceMakers makers) {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("run", () -> new RunCommand(makers));
    commands.put("validate", () -> new ValidateCommand(makers));
    commands.put("plugins", () -> new PluginsCommand(makers));
    commands.put("version", VersionCommand::new);
    commands.put("train", () -> new TrainCommand(makers));
    return commands;
  }

  /** Whether {@code name} is a subcommand: a built-in one or a one-service type. */
  private static boolean knows(ServiceMakers makers, String name) {
    return builtIns(makers).containsKey(name)
        || oneServiceMakers(makers).stream().anyMatch(m -> m.spec().type().equals(name));
  }

  private static List<ServiceMaker> oneServiceMakers(ServiceMakers makers) {
    return makers.makers().stream().filter(m -> !m.spec().container()).toList();
  }
}
