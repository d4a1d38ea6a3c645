package io.twistd.runtime.builtin.proxy;

import java.net.URI;
import java.util.Locale;

/**
 * The server a {@code proxy} service forwards to, read from its {@code upstream} URL.
 *
 * @param host the host to connect to
 * @param port the port to connect to
 * @param basePath the URL's path without a trailing slash, empty for the root; prefixed to every
 *     forwarded request's path
 * @param authority the {@code Host} header value sent upstream: the host, with the port when it is
 *     not 80
 */
public record Upstream(String host, int port, String basePath, String authority) {

  private static final int HTTP_PORT = 80;

  /**
   * Reads an upstream URL such as {@code http://backend:8080/api}.
   *
   * @throws IllegalArgumentException naming option {@code upstream} when the URL is not plain http,
   *     or carries a query, fragment or user info
   */
  public static Upstream of(URI url) {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http")) {
      throw new IllegalArgumentException(
          "option 'upstream': only http:// upstreams are supported, got '"
              + url
              + "'; terminate TLS to the upstream elsewhere or use its plain HTTP port");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null || url.getUserInfo() != null) {
      throw new IllegalArgumentException(
          "option 'upstream': give scheme, host, port and path only, got '" + url + "'");
    }
    String host = url.getHost();
    int port = url.getPort() < 0 ? HTTP_PORT : url.getPort();
    String path = url.getRawPath() == null ? "" : url.getRawPath().replaceFirst("/+$", "");
    String hostName = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    String authority = port == HTTP_PORT ? hostName : hostName + ":" + port;
    return new Upstream(host, port, path, authority);
  }

  /**
   * The request target to send upstream for a client's request target: the base path followed by
   * the client's path and query. An absolute-form client target ({@code http://host/p}) contributes
   * its path and query only.
   */
  public String target(String clientTarget) {
    String pathAndQuery = originForm(clientTarget);
    return basePath + pathAndQuery;
  }

  private static String originForm(String target) {
    if (target.startsWith("/")) {
      return target;
    }
    int scheme = target.indexOf("://");
    if (scheme < 0) {
      return "/" + target; // e.g. "*" or a bare path: keep it under the base path
    }
    int slash = target.indexOf('/', scheme + 3);
    int query = target.indexOf('?', scheme + 3);
    if (slash < 0 || (query >= 0 && query < slash)) {
      return "/" + (query < 0 ? "" : target.substring(query));
    }
    return target.substring(slash);
  }
}
