package io.twistd.api.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A UNIX domain socket listener: {@code unix:PATH[:mode=OCTAL][:backlog=N]}.
 *
 * @param path the socket file
 * @param mode the socket file's permission bits (Twisted's default is {@code 0666})
 * @param backlog the listen queue length
 */
public record UnixEndpoint(String path, int mode, int backlog) implements ServerEndpoint {

  /** Twisted's default permission bits for a socket file. */
  public static final int DEFAULT_MODE = 0666;

  @Override
  public Optional<Integer> tcpPort() {
    return Optional.empty();
  }

  @Override
  public String describe() {
    Map<String, String> kwargs = new LinkedHashMap<>();
    if (mode != DEFAULT_MODE) {
      kwargs.put("mode", Integer.toOctalString(mode));
    }
    if (backlog != TcpEndpoint.DEFAULT_BACKLOG) {
      kwargs.put("backlog", Integer.toString(backlog));
    }
    return new EndpointDescription("unix", List.of(path), kwargs).toString();
  }
}
