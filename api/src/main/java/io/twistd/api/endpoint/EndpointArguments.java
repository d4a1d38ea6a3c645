package io.twistd.api.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Binds an endpoint's positional and keyword arguments to its parameters and converts them. */
final class EndpointArguments {

  private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern OCTAL = Pattern.compile("[0-7]+");

  private EndpointArguments() {}

  /** Maps positional arguments to {@code params} in order, then adds keywords; refuses extras. */
  static Map<String, String> bind(
      String description, EndpointDescription parsed, List<String> params) {
    if (parsed.args().size() > params.size()) {
      throw new EndpointSyntaxException(
          description,
          "too many positional arguments: '"
              + parsed.type()
              + "' takes "
              + String.join(", ", params)
              + " (write a ':' inside a value as '\\:')");
    }
    Map<String, String> bound = new LinkedHashMap<>();
    for (int i = 0; i < parsed.args().size(); i++) {
      bound.put(params.get(i), parsed.args().get(i));
    }
    for (Map.Entry<String, String> kw : parsed.kwargs().entrySet()) {
      if (!params.contains(kw.getKey())) {
        throw new EndpointSyntaxException(
            description,
            "unknown argument '"
                + kw.getKey()
                + "' for '"
                + parsed.type()
                + "' (accepted: "
                + String.join(", ", params)
                + ")");
      }
      if (bound.putIfAbsent(kw.getKey(), kw.getValue()) != null) {
        throw new EndpointSyntaxException(
            description, "argument '" + kw.getKey() + "' is given both by position and by name");
      }
    }
    return bound;
  }

  static String required(String description, Map<String, String> args, String name) {
    String value = args.get(name);
    if (value == null || value.isEmpty()) {
      throw new EndpointSyntaxException(description, "missing required argument '" + name + "'");
    }
    return value;
  }

  static int port(String description, Map<String, String> args) {
    String text = required(description, args, "port");
    long port = decimal(description, "port", text);
    if (port < 0 || port > 65535) {
      throw new EndpointSyntaxException(description, "port " + text + " is out of range 0-65535");
    }
    return (int) port;
  }

  static int backlog(String description, Map<String, String> args) {
    String text = args.get("backlog");
    if (text == null) {
      return TcpEndpoint.DEFAULT_BACKLOG;
    }
    long backlog = decimal(description, "backlog", text);
    if (backlog < 1 || backlog > Integer.MAX_VALUE) {
      throw new EndpointSyntaxException(
          description, "backlog must be between 1 and " + Integer.MAX_VALUE + ", got " + text);
    }
    return (int) backlog;
  }

  static int mode(String description, Map<String, String> args) {
    String text = args.get("mode");
    if (text == null) {
      return UnixEndpoint.DEFAULT_MODE;
    }
    if (!OCTAL.matcher(text).matches()) {
      throw new EndpointSyntaxException(
          description, "mode must be an octal number such as 660, got '" + text + "'");
    }
    String digits = text.replaceFirst("^0+(?=.)", "");
    if (digits.length() > 3) {
      throw new EndpointSyntaxException(
          description, "mode " + text + " is not a permission mode (at most 777)");
    }
    return Integer.parseInt(digits, 8);
  }

  /** An optional argument that, when given, must not be empty (a file path, for instance). */
  static String nonEmptyIfGiven(
      String description, Map<String, String> args, String name, String fallback) {
    String value = args.get(name);
    if (value == null) {
      return fallback;
    }
    if (value.isEmpty()) {
      throw new EndpointSyntaxException(description, "argument '" + name + "' is empty");
    }
    return value;
  }

  /**
   * Reads a decimal integer the way Python's {@code int()} does for Twisted (an optional sign, then
   * digits); values beyond {@code long} are clamped so that range checks still name them.
   */
  private static long decimal(String description, String name, String text) {
    if (!DECIMAL.matcher(text).matches()) {
      throw new EndpointSyntaxException(
          description, name + " must be a number, got '" + text + "'");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException tooLong) {
      return text.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }
}
