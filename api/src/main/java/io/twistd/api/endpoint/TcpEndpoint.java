package io.twistd.api.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A plain TCP listener: {@code tcp:PORT[:interface=ADDR][:backlog=N]} or its IPv6 twin {@code
 * tcp6:…}.
 *
 * @param port the port, 0 for one chosen by the system
 * @param bindInterface the address to bind; empty means every address of the family
 * @param backlog the listen queue length
 * @param ipv6 whether this is a {@code tcp6} endpoint
 */
public record TcpEndpoint(int port, String bindInterface, int backlog, boolean ipv6)
    implements ServerEndpoint {

  /** Twisted's default listen queue length. */
  public static final int DEFAULT_BACKLOG = 50;

  /**
   * @throws IllegalArgumentException when a value could not come from a description string: a port
   *     outside 0–65535, a backlog below 1 or a null interface
   */
  public TcpEndpoint {
    Objects.requireNonNull(bindInterface, "bindInterface");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
    }
    if (backlog < 1) {
      throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
    }
  }

  /** The address to bind, with the family's wildcard when no interface was given. */
  public String bindAddress() {
    if (!bindInterface.isEmpty()) {
      return bindInterface;
    }
    return ipv6 ? "::" : "0.0.0.0";
  }

  @Override
  public Optional<Integer> tcpPort() {
    return Optional.of(port);
  }

  @Override
  public String describe() {
    Map<String, String> kwargs = new LinkedHashMap<>();
    if (!bindInterface.isEmpty()) {
      kwargs.put("interface", bindInterface);
    }
    if (backlog != DEFAULT_BACKLOG) {
      kwargs.put("backlog", Integer.toString(backlog));
    }
    return new EndpointDescription(ipv6 ? "tcp6" : "tcp", List.of(Integer.toString(port)), kwargs)
        .toString();
  }
}
