package io.twistd.api.validation;

import io.twistd.api.config.AppConfig;
import io.twistd.api.config.Durations;
import io.twistd.api.config.ServiceDefinition;
import io.twistd.api.endpoint.EndpointSyntaxException;
import io.twistd.api.endpoint.ServerEndpoints;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks an {@link AppConfig} against the rules no YAML schema can express: names, known types,
 * endpoint strings, options against each type's {@link ServiceTypeSpec}, and ports used twice.
 *
 * <p>Every violation is reported, not only the first. Thread-safe: it keeps no state between calls.
 */
public final class ConfigValidator {

  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final List<String> LEVELS =
      List.of("trace", "debug", "info", "warn", "error", "off");
  private static final List<String> FORMATS = List.of("json", "text");

  private final ServiceTypeCatalog catalog;

  /**
   * @param catalog the service types that may be named in {@code type:}
   */
  public ConfigValidator(ServiceTypeCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Returns every violation in {@code config}, empty when it is valid. They come in the order the
   * checks walk the tree (application, admin, logging, shutdown, then each service depth-first,
   * then ports used twice); {@code ConfigLoader} sorts them by position in the file.
   */
  public List<Violation> validate(AppConfig config) {
    List<Violation> out = new ArrayList<>();
    checkName(config.getApplication(), "application", out);
    checkEndpoint(config.getAdmin().getListen(), "admin.listen", out);
    checkLogging(config, out);
    checkDuration(config.getShutdown().getDrainDelay(), "shutdown.drainDelay", true, out);
    checkDuration(config.getShutdown().getGracePeriod(), "shutdown.gracePeriod", false, out);
    if (config.getServices().isEmpty()) {
      out.add(new Violation("services", "at least one service is required"));
    }
    checkServices(config.getServices(), "services", out);
    PortClaims.check(config, out);
    return out;
  }

  private void checkLogging(AppConfig config, List<Violation> out) {
    String level = config.getLogging().getLevel();
    if (level == null || !LEVELS.contains(level)) {
      out.add(new Violation("logging.level", oneOf(level, LEVELS)));
    }
    String format = config.getLogging().getFormat();
    if (format != null && !FORMATS.contains(format)) {
      out.add(new Violation("logging.format", oneOf(format, FORMATS)));
    }
    config
        .getLogging()
        .getLoggers()
        .forEach(
            (logger, loggerLevel) -> {
              if (loggerLevel == null || !LEVELS.contains(loggerLevel)) {
                out.add(new Violation("logging.loggers." + logger, oneOf(loggerLevel, LEVELS)));
              }
            });
  }

  private void checkServices(List<ServiceDefinition> services, String path, List<Violation> out) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < services.size(); i++) {
      ServiceDefinition service = services.get(i);
      String here = path + "[" + i + "]";
      if (service == null) {
        out.add(new Violation(here, "a service must be a mapping with name and type"));
        continue;
      }
      checkName(service.getName(), here + ".name", out);
      if (service.getName() != null && !seen.add(service.getName())) {
        out.add(
            new Violation(
                here + ".name",
                "duplicate service name '" + service.getName() + "' among its siblings"));
      }
      checkService(service, here, out);
    }
  }

  private void checkService(ServiceDefinition service, String path, List<Violation> out) {
    if (service.getType() == null || service.getType().isEmpty()) {
      out.add(new Violation(path + ".type", "a service type is required"));
      return;
    }
    ServiceTypeSpec spec = catalog.find(service.getType()).orElse(null);
    if (spec == null) {
      out.add(new Violation(path + ".type", unknownType(service.getType())));
      return;
    }
    checkListen(service, spec, path, out);
    new OptionsCheck(spec, service.getOptions(), path + ".options", out).run();
    if (spec.container()) {
      if (service.getServices().isEmpty()) {
        out.add(new Violation(path + ".services", "a multi service needs at least one child"));
      }
      checkServices(service.getServices(), path + ".services", out);
    } else if (!service.getServices().isEmpty()) {
      out.add(
          new Violation(
              path + ".services",
              "only multi services have children, not '"
                  + spec.type()
                  + "'; group these under a service of type multi"));
    }
  }

  private void checkListen(
      ServiceDefinition service, ServiceTypeSpec spec, String path, List<Violation> out) {
    List<String> listen = service.getListen();
    if (spec.listening() == ServiceTypeSpec.Listening.NONE && !listen.isEmpty()) {
      out.add(
          new Violation(
              path + ".listen", "type '" + spec.type() + "' does not listen; remove listen"));
      return;
    }
    if (spec.listening() == ServiceTypeSpec.Listening.REQUIRED && listen.isEmpty()) {
      out.add(
          new Violation(
              path + ".listen",
              "type '"
                  + spec.type()
                  + "' needs at least one endpoint to listen on, e.g. listen: [\"tcp:8080\"]"));
    }
    for (int i = 0; i < listen.size(); i++) {
      checkEndpoint(listen.get(i), path + ".listen[" + i + "]", out);
    }
  }

  private String unknownType(String type) {
    String known =
        catalog.all().stream().map(ServiceTypeSpec::type).collect(Collectors.joining(", "));
    return "unknown service type '" + type + "' (known: " + known + ")";
  }

  private static void checkName(String name, String path, List<Violation> out) {
    if (name == null || name.isEmpty()) {
      out.add(new Violation(path, "a name is required"));
    } else if (name.length() > 63) {
      out.add(
          new Violation(
              path,
              "'"
                  + name
                  + "' is not a DNS label: it has "
                  + name.length()
                  + " characters, at most 63"));
    } else if (!DNS_LABEL.matcher(name).matches()) {
      out.add(
          new Violation(
              path,
              "'"
                  + name
                  + "' is not a DNS label: use at most 63 lowercase letters, digits and '-',"
                  + " starting and ending with a letter or digit"));
    }
  }

  private static void checkEndpoint(String endpoint, String path, List<Violation> out) {
    if (endpoint == null) {
      out.add(new Violation(path, "no endpoint given; write one such as tcp:8080"));
      return;
    }
    try {
      ServerEndpoints.parse(endpoint);
    } catch (EndpointSyntaxException e) {
      out.add(new Violation(path, e.getMessage()));
    }
  }

  private static void checkDuration(
      String text, String path, boolean zeroAllowed, List<Violation> out) {
    if (text == null) {
      out.add(new Violation(path, "has no value; write a duration such as 5s, or leave it out"));
      return;
    }
    try {
      if (Durations.parse(text).isZero() && !zeroAllowed) {
        out.add(new Violation(path, "must be longer than zero"));
      }
    } catch (IllegalArgumentException e) {
      out.add(new Violation(path, e.getMessage()));
    }
  }

  private static String oneOf(String value, List<String> allowed) {
    String choices = String.join(", ", allowed);
    return value == null
        ? "a value is required, one of " + choices
        : "'" + value + "' is not one of " + choices;
  }
}
