package io.twistd.api.endpoint;

import java.util.List;
import java.util.Map;

/**
 * Parses server endpoint description strings into typed {@link ServerEndpoint}s, checking each
 * type's arguments the way Twisted's endpoint parsers do: positional arguments fill the parameters
 * in order, keywords name them, and anything else is refused with a message naming it.
 */
public final class ServerEndpoints {

  private static final List<String> TCP_PARAMS = List.of("port", "interface", "backlog");
  private static final List<String> SSL_PARAMS =
      List.of("port", "privateKey", "certKey", "interface", "backlog", "extraCertChain");
  private static final List<String> UNIX_PARAMS = List.of("address", "mode", "backlog");

  private ServerEndpoints() {}

  /**
   * Parses {@code description}.
   *
   * @throws EndpointSyntaxException naming the string and the problem: an unknown type, an unknown
   *     or missing argument, a port outside 0–65535, a non-numeric backlog or mode, …
   */
  public static ServerEndpoint parse(String description) {
    EndpointDescription parsed = EndpointDescription.parse(description);
    return switch (parsed.type()) {
      case "tcp" -> tcp(description, parsed, false);
      case "tcp6" -> tcp(description, parsed, true);
      case "ssl" -> ssl(description, parsed);
      case "unix" -> unix(description, parsed);
      default -> throw new EndpointSyntaxException(description, unknownType(parsed));
    };
  }

  private static String unknownType(EndpointDescription parsed) {
    String message = "unknown endpoint type '" + parsed.type() + "' (known: tcp, tcp6, ssl, unix)";
    boolean barePort = parsed.type().chars().allMatch(Character::isDigit);
    return barePort ? message + "; for a TCP port write 'tcp:" + parsed.type() + "'" : message;
  }

  private static TcpEndpoint tcp(String description, EndpointDescription parsed, boolean ipv6) {
    Map<String, String> args = EndpointArguments.bind(description, parsed, TCP_PARAMS);
    return new TcpEndpoint(
        EndpointArguments.port(description, args),
        args.getOrDefault("interface", ""),
        EndpointArguments.backlog(description, args),
        ipv6);
  }

  private static SslEndpoint ssl(String description, EndpointDescription parsed) {
    Map<String, String> args = EndpointArguments.bind(description, parsed, SSL_PARAMS);
    String privateKey = EndpointArguments.required(description, args, "privateKey");
    TcpEndpoint tcp =
        new TcpEndpoint(
            EndpointArguments.port(description, args),
            args.getOrDefault("interface", ""),
            EndpointArguments.backlog(description, args),
            false);
    return new SslEndpoint(
        tcp,
        privateKey,
        EndpointArguments.nonEmptyIfGiven(description, args, "certKey", privateKey),
        EndpointArguments.nonEmptyIfGiven(description, args, "extraCertChain", ""));
  }

  private static UnixEndpoint unix(String description, EndpointDescription parsed) {
    Map<String, String> args = EndpointArguments.bind(description, parsed, UNIX_PARAMS);
    String path = EndpointArguments.required(description, args, "address");
    return new UnixEndpoint(
        path,
        EndpointArguments.mode(description, args),
        EndpointArguments.backlog(description, args));
  }
}
