package io.twistd.runtime.cli;

import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ServiceDefinition;
import io.twistd.api.validation.ConfigValidator;
import io.twistd.api.validation.OptionSpec;
import io.twistd.api.validation.OptionType;
import io.twistd.api.validation.ServiceTypeSpec;
import io.twistd.api.validation.Violation;
import io.twistd.runtime.plugin.ServiceMaker;
import io.twistd.runtime.plugin.ServiceMakers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec.Builder;

/**
 * twistd's one-service mode, generated from a maker's options: {@code twistd-runtime web --listen
 * tcp:8080 --path .} runs a single {@code web} service, exactly as a one-entry config file would.
 * Relative paths are relative to the working directory.
 */
final class OneServiceCommand implements Callable<Integer> {

  private static final String OPTIONS_PREFIX = "services[0].options.";

  private final ServiceMaker maker;
  private final ServiceMakers makers;
  private final RunOptions runOptions = new RunOptions();
  private CommandSpec spec;

  private OneServiceCommand(ServiceMaker maker, ServiceMakers makers) {
    this.maker = maker;
    this.makers = makers;
  }

  /** The subcommand for {@code maker}'s type. */
  static CommandLine commandLine(ServiceMaker maker, ServiceMakers makers) {
    OneServiceCommand command = new OneServiceCommand(maker, makers);
    ServiceTypeSpec type = maker.spec();
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
    spec.name(type.type()).mixinStandardHelpOptions(true);
    spec.usageMessage().description("Run one '" + type.type() + "' service: " + type.description());
    if (type.listening() == ServiceTypeSpec.Listening.REQUIRED) {
      spec.addOption(
          CommandLine.Model.OptionSpec.builder("--listen")
              .type(List.class)
              .auxiliaryTypes(String.class)
              .paramLabel("ENDPOINT")
              .required(true)
              .description("Endpoint to listen on, e.g. tcp:8080; repeatable.")
              .build());
    }
    spec.addOption(
        stringOption("--name", type.type(), "The service's name (default: ${DEFAULT-VALUE})."));
    spec.addOption(
        stringOption("--admin", "tcp:9990", "Admin endpoint (default: ${DEFAULT-VALUE})."));
    spec.addOption(stringOption("--log-level", "info", "Log level (default: ${DEFAULT-VALUE})."));
    for (OptionSpec option : type.options()) {
      spec.addOption(serviceOption(option));
    }
    spec.addMixin("run", CommandSpec.forAnnotatedObject(command.runOptions));
    command.spec = spec;
    return new CommandLine(spec);
  }

  private static CommandLine.Model.OptionSpec stringOption(
      String name, String defaultValue, String description) {
    return CommandLine.Model.OptionSpec.builder(name)
        .type(String.class)
        .defaultValue(defaultValue)
        .description(description)
        .build();
  }

  private static CommandLine.Model.OptionSpec serviceOption(OptionSpec option) {
    Builder builder =
        CommandLine.Model.OptionSpec.builder("--" + option.name())
            .type(String.class)
            .paramLabel(option.type().label().toUpperCase(java.util.Locale.ROOT))
            .required(option.required())
            .description(option.description() + suffix(option));
    if (option.type() == OptionType.BOOLEAN) {
      builder.arity("0..1").fallbackValue("true").paramLabel("true|false");
    }
    return builder.build();
  }

  private static String suffix(OptionSpec option) {
    return option.defaultValue() == null ? "." : " (default: " + option.defaultValue() + ").";
  }

  @Override
  public Integer call() {
    AppConfig config = toConfig();
    List<Violation> violations = new ConfigValidator(makers).validate(config);
    if (!violations.isEmpty()) {
      violations.stream()
          .map(OneServiceCommand::asFlag)
          .distinct()
          .forEach(spec.commandLine().getErr()::println);
      return ExitCodes.INVALID;
    }
    return Launcher.runUntilSignalled(
        config,
        Optional.empty(),
        Path.of("").toAbsolutePath(),
        makers,
        runOptions.toRuntimeOptions());
  }

  private AppConfig toConfig() {
    ServiceDefinition service = new ServiceDefinition();
    service.setName(value("--name"));
    service.setType(maker.spec().type());
    if (spec.findOption("--listen") != null) {
      service.setListen(new ArrayList<>(spec.findOption("--listen").<List<String>>getValue()));
    }
    Map<String, Object> options = new LinkedHashMap<>();
    for (OptionSpec option : maker.spec().options()) {
      String value = value("--" + option.name());
      if (value != null) {
        options.put(option.name(), value);
      }
    }
    service.setOptions(options);
    AppConfig config = new AppConfig();
    config.setApplication(service.getName());
    config.getAdmin().setListen(value("--admin"));
    config.getLogging().setLevel(value("--log-level"));
    config.setServices(new ArrayList<>(List.of(service)));
    return config;
  }

  private String value(String flag) {
    return spec.findOption(flag).getValue();
  }

  /** Names the flag a violation is about, rather than its place in a config file. */
  private static String asFlag(Violation violation) {
    String path = violation.path();
    String flag;
    if (path.startsWith(OPTIONS_PREFIX)) {
      flag = "--" + path.substring(OPTIONS_PREFIX.length());
    } else if (path.startsWith("services[0].listen")) {
      flag = "--listen";
    } else if (path.equals("services[0].name") || path.equals("application")) {
      flag = "--name";
    } else if (path.equals("admin.listen")) {
      flag = "--admin";
    } else if (path.equals("logging.level")) {
      flag = "--log-level";
    } else {
      flag = path;
    }
    return flag + ": " + violation.message();
  }
}
