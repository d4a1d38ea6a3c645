package io.twistd.api.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Binds an endpoint's positional and keyword arguments to its parameters and converts them. */
final class EndpointArguments {

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
              + String.join(", ", params));
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
    int port = integer(description, "port", text, 10);
    if (port < 0 || port > 65535) {
      throw new EndpointSyntaxException(description, "port " + port + " is out of range 0-65535");
    }
    return port;
  }

  static int backlog(String description, Map<String, String> args) {
    String text = args.get("backlog");
    if (text == null) {
      return TcpEndpoint.DEFAULT_BACKLOG;
    }
    int backlog = integer(description, "backlog", text, 10);
    if (backlog < 1) {
      throw new EndpointSyntaxException(description, "backlog must be at least 1, got " + backlog);
    }
    return backlog;
  }

  static int mode(String description, Map<String, String> args) {
    String text = args.get("mode");
    if (text == null) {
      return UnixEndpoint.DEFAULT_MODE;
    }
    int mode = integer(description, "mode", text, 8);
    if (mode > 0777) {
      throw new EndpointSyntaxException(description, "mode " + text + " is not a permission mode");
    }
    return mode;
  }

  private static int integer(String description, String name, String text, int radix) {
    try {
      return Integer.parseInt(text, radix);
    } catch (NumberFormatException e) {
      String kind = radix == 8 ? "an octal number" : "a number";
      throw new EndpointSyntaxException(
          description, name + " must be " + kind + ", got '" + text + "'");
    }
  }
}
