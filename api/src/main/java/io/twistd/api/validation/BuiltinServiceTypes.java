package io.twistd.api.validation;

import static io.twistd.api.validation.OptionSpec.optional;
import static io.twistd.api.validation.OptionSpec.required;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service types every runtime has, described once so that the runtime and the operator validate
 * them alike.
 */
public final class BuiltinServiceTypes implements ServiceTypeCatalog {

  /** The default quote of the {@code qotd} service. */
  public static final String DEFAULT_QUOTE = "An apple a day keeps the doctor away.";

  public static final ServiceTypeSpec WEB =
      ServiceTypeSpec.listening(
          "web",
          "Serves static files from a directory over HTTP/1.1",
          required("path", OptionType.STRING, "directory to serve"),
          optional("index", OptionType.STRING, "index.html", "file served for a directory"),
          optional("listing", OptionType.BOOLEAN, "false", "list directories without an index"));

  public static final ServiceTypeSpec PROXY =
      ServiceTypeSpec.listening(
          "proxy",
          "HTTP/1.1 reverse proxy to one upstream",
          required("upstream", OptionType.URL, "upstream base URL, e.g. http://backend:8080"),
          optional("connectTimeout", OptionType.DURATION, "5s", "upstream connect timeout"),
          optional("readTimeout", OptionType.DURATION, "30s", "upstream response timeout"),
          optional(
              "maxIdleConnections", OptionType.INTEGER, "32", "idle upstream connections kept"));

  public static final ServiceTypeSpec PORTFORWARD =
      ServiceTypeSpec.listening(
          "portforward",
          "Forwards TCP connections to host:port",
          required("host", OptionType.STRING, "destination host"),
          required("port", OptionType.INTEGER, "destination port"),
          optional("connectTimeout", OptionType.DURATION, "5s", "destination connect timeout"));

  public static final ServiceTypeSpec ECHO =
      ServiceTypeSpec.listening("echo", "Echo protocol (RFC 862): sends back what it receives");

  public static final ServiceTypeSpec DISCARD =
      ServiceTypeSpec.listening("discard", "Discard protocol (RFC 863): reads and drops");

  public static final ServiceTypeSpec CHARGEN =
      ServiceTypeSpec.listening(
          "chargen", "Character generator (RFC 864): rotating 72-character lines");

  public static final ServiceTypeSpec DAYTIME =
      ServiceTypeSpec.listening("daytime", "Daytime (RFC 867): the date and time as ASCII");

  public static final ServiceTypeSpec TIME =
      ServiceTypeSpec.listening("time", "Time (RFC 868): seconds since 1900 as 32 bits");

  public static final ServiceTypeSpec QOTD =
      ServiceTypeSpec.listening(
          "qotd",
          "Quote of the day (RFC 865)",
          optional("quote", OptionType.STRING, DEFAULT_QUOTE, "the quote sent"));

  public static final ServiceTypeSpec TIMER =
      new ServiceTypeSpec(
          "timer",
          "Runs an action every interval: log a message or GET a URL",
          ServiceTypeSpec.Listening.NONE,
          false,
          List.of(
              required("interval", OptionType.DURATION, "time between runs, e.g. 30s"),
              optional("log", OptionType.STRING, null, "message to log at info level"),
              optional("http", OptionType.URL, null, "URL to GET; a failure is logged")),
          List.of(List.of("log", "http")));

  public static final ServiceTypeSpec MULTI =
      new ServiceTypeSpec(
          "multi",
          "A group of services started in order and stopped in reverse",
          ServiceTypeSpec.Listening.NONE,
          true,
          List.of(),
          List.of());

  private final Map<String, ServiceTypeSpec> byType = new LinkedHashMap<>();

  public BuiltinServiceTypes() {
    for (ServiceTypeSpec spec :
        List.of(
            WEB, PROXY, PORTFORWARD, ECHO, DISCARD, CHARGEN, DAYTIME, TIME, QOTD, TIMER, MULTI)) {
      byType.put(spec.type(), spec);
    }
  }

  @Override
  public Optional<ServiceTypeSpec> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  @Override
  public Collection<ServiceTypeSpec> all() {
    return byType.values();
  }
}
