package io.twistd.api.validation;

import io.twistd.api.config.AppConfig;
import io.twistd.api.config.Durations;
import io.twistd.api.config.ServiceDefinition;
import io.twistd.api.endpoint.EndpointSyntaxException;
import io.twistd.api.endpoint.ServerEndpoint;
import io.twistd.api.endpoint.ServerEndpoints;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
  private static final Set<String> LEVELS =
      Set.of("trace", "debug", "info", "warn", "error", "off");
  private static final Set<String> FORMATS = Set.of("json", "text");

  private final ServiceTypeCatalog catalog;

  /**
   * @param catalog the service types that may be named in {@code type:}
   */
  public ConfigValidator(ServiceTypeCatalog catalog) {
    this.catalog = catalog;
  }

  /** Returns every violation in {@code config}, in document order; empty when it is valid. */
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
    checkPortsUsedOnce(config, out);
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
              "only multi services have children; '" + spec.type() + "' cannot"));
    }
  }

  private void checkListen(
      ServiceDefinition service, ServiceTypeSpec spec, String path, List<Violation> out) {
    List<String> listen = service.getListen();
    if (spec.listening() == ServiceTypeSpec.Listening.NONE && !listen.isEmpty()) {
      out.add(new Violation(path + ".listen", "a '" + spec.type() + "' service does not listen"));
      return;
    }
    if (spec.listening() == ServiceTypeSpec.Listening.REQUIRED && listen.isEmpty()) {
      out.add(
          new Violation(
              path + ".listen",
              "a '" + spec.type() + "' service needs at least one endpoint, e.g. tcp:8080"));
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
    try {
      ServerEndpoints.parse(endpoint);
    } catch (EndpointSyntaxException e) {
      out.add(new Violation(path, e.getMessage()));
    }
  }

  private static void checkDuration(
      String text, String path, boolean zeroAllowed, List<Violation> out) {
    try {
      if (Durations.parse(text).isZero() && !zeroAllowed) {
        out.add(new Violation(path, "must be longer than zero"));
      }
    } catch (IllegalArgumentException e) {
      out.add(new Violation(path, e.getMessage()));
    }
  }

  private static String oneOf(String value, Set<String> allowed) {
    return "'" + value + "' is not one of " + String.join(", ", allowed.stream().sorted().toList());
  }

  /** Reports a TCP port that two endpoints in the tree (or the admin server) both bind. */
  private static void checkPortsUsedOnce(AppConfig config, List<Violation> out) {
    Map<Integer, String> firstUse = new HashMap<>();
    claimPort(config.getAdmin().getListen(), "admin.listen", firstUse, out);
    walkEndpoints(config.getServices(), "services", firstUse, out);
  }

  private static void walkEndpoints(
      List<ServiceDefinition> services,
      String path,
      Map<Integer, String> firstUse,
      List<Violation> out) {
    for (int i = 0; i < services.size(); i++) {
      ServiceDefinition service = services.get(i);
      if (service == null) {
        continue;
      }
      String here = path + "[" + i + "]";
      for (int j = 0; j < service.getListen().size(); j++) {
        claimPort(service.getListen().get(j), here + ".listen[" + j + "]", firstUse, out);
      }
      walkEndpoints(service.getServices(), here + ".services", firstUse, out);
    }
  }

  private static void claimPort(
      String endpoint, String path, Map<Integer, String> firstUse, List<Violation> out) {
    ServerEndpoint parsed;
    try {
      parsed = ServerEndpoints.parse(endpoint);
    } catch (EndpointSyntaxException e) {
      return; // reported where the endpoint itself is checked
    }
    parsed
        .tcpPort()
        .filter(port -> port != 0)
        .ifPresent(
            port -> {
              String previous = firstUse.putIfAbsent(port, path);
              if (previous != null) {
                out.add(new Violation(path, "port " + port + " is already used by " + previous));
              }
            });
  }
}
