package io.twistd.runtime.builtin.web;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The path of a request for a file, decoded once and checked: it names a place under the site's
 * root or nothing at all.
 *
 * <p>A path is refused ({@link #parse} returns empty) when, raw or decoded, it could reach outside
 * the root or be read differently by the file system: an encoded slash, backslash or NUL ({@code
 * %2f}, {@code %5c}, {@code %00}), a decoded backslash or NUL, or a {@code ..} segment (also when
 * spelled {@code %2e%2e}). Empty and {@code .} segments are dropped.
 *
 * @param segments the decoded path segments, each a plain file name
 * @param rawPath the path as sent, still encoded
 * @param rawQuery the query as sent, empty when absent
 */
record RequestTarget(List<String> segments, String rawPath, String rawQuery) {

  private static final List<String> FORBIDDEN_ESCAPES = List.of("%2f", "%5c", "%00");

  RequestTarget {
    segments = List.copyOf(segments);
  }

  /**
   * Reads the request target of a request line: origin form ({@code /a/b?q}) or absolute form
   * ({@code http://host/a/b?q}).
   *
   * @return the target, or empty when the path is refused
   * @throws IllegalArgumentException when the target is malformed (bad escapes, not a URI)
   */
  static Optional<RequestTarget> parse(String uri) {
    QueryStringDecoder decoder = new QueryStringDecoder(originForm(uri));
    String rawPath = decoder.rawPath();
    String lowered = rawPath.toLowerCase(Locale.ROOT);
    for (String escape : FORBIDDEN_ESCAPES) { // a loop, not a stream: this runs per request
      if (lowered.contains(escape)) {
        return Optional.empty();
      }
    }
    String path = decoder.path(); // decodes; throws IllegalArgumentException on bad escapes
    if (path.indexOf('\\') >= 0 || path.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (segment.equals("..")) {
        return Optional.empty();
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    return Optional.of(new RequestTarget(segments, rawPath, decoder.rawQuery()));
  }

  /** Whether the path ends with a slash, asking for a directory. */
  boolean trailingSlash() {
    return rawPath.endsWith("/");
  }

  /** The decoded path, starting with a slash, for display. */
  String displayPath() {
    return "/" + String.join("/", segments) + (segments.isEmpty() || !trailingSlash() ? "" : "/");
  }

  /**
   * Where to redirect a directory request that lacks its trailing slash: the same path and query
   * with a slash appended. Leading slashes are collapsed to one, so the location cannot become a
   * network-path reference ({@code //other.host/}).
   */
  String slashLocation() {
    String path = "/" + rawPath.replaceFirst("^/+", "") + "/";
    return rawQuery.isEmpty() ? path : path + "?" + rawQuery;
  }

  private static String originForm(String uri) {
    if (uri.startsWith("/")) {
      return uri;
    }
    String lowered = uri.toLowerCase(Locale.ROOT);
    if (!lowered.startsWith("http://") && !lowered.startsWith("https://")) {
      throw new IllegalArgumentException("request target is neither a path nor an http URL");
    }
    try {
      URI absolute = new URI(uri);
      String path = absolute.getRawPath() == null ? "" : absolute.getRawPath();
      String query = absolute.getRawQuery() == null ? "" : "?" + absolute.getRawQuery();
      return (path.isEmpty() ? "/" : path) + query;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("malformed request target: " + e.getMessage(), e);
    }
  }
}
