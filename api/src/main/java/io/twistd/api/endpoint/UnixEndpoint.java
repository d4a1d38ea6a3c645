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

  /**
   * @throws IllegalArgumentException when the path is empty, the mode is outside {@code 0–0777} or
   *     the backlog is below 1
   */
  public UnixEndpoint {
    if (path.isEmpty()) {
      throw new IllegalArgumentException("a UNIX socket path must not be empty");
    }
    if (mode < 0 || mode > 0777) {
      throw new IllegalArgumentException("mode must be within 0 and 0777, got " + mode);
    }
    if (backlog < 1) {
      throw new IllegalArgumentException("backlog must be at least 1, got " + backlog);
    }
  }

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
