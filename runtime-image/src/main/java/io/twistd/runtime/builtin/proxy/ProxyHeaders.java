package io.twistd.runtime.builtin.proxy;

import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rewrites messages as they cross the proxy: removes hop-by-hop headers (RFC 9110 §7.6.1) both
 * ways, adds {@code X-Forwarded-For/-Proto/-Host} and the upstream's {@code Host} to requests, and
 * re-frames responses for the client connection.
 */
final class ProxyHeaders {

  static final String X_FORWARDED_FOR = "x-forwarded-for";
  static final String X_FORWARDED_PROTO = "x-forwarded-proto";
  static final String X_FORWARDED_HOST = "x-forwarded-host";

  private static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "expect"); // the proxy answered any 100-continue itself

  private ProxyHeaders() {}

  /**
   * The request to send upstream for {@code request}, sharing its body (no copy, no retain).
   *
   * @param request the aggregated client request
   * @param upstream where it goes
   * @param client the client's address, appended to {@code X-Forwarded-For} when it is an IP
   * @param tls whether the client connection is TLS, for {@code X-Forwarded-Proto}
   */
  static FullHttpRequest forUpstream(
      FullHttpRequest request, Upstream upstream, SocketAddress client, boolean tls) {
    HttpHeaders headers = new DefaultHttpHeaders().set(request.headers());
    String originalHost = headers.get(HttpHeaderNames.HOST);
    removeHopByHop(headers);
    List<String> forwardedFor = new ArrayList<>(headers.getAll(X_FORWARDED_FOR));
    if (client instanceof InetSocketAddress inet && inet.getAddress() != null) {
      forwardedFor.add(inet.getAddress().getHostAddress());
    }
    if (!forwardedFor.isEmpty()) {
      headers.set(X_FORWARDED_FOR, String.join(", ", forwardedFor));
    }
    headers.set(X_FORWARDED_PROTO, tls ? "https" : "http");
    if (originalHost != null) {
      headers.set(X_FORWARDED_HOST, originalHost);
    }
    headers.set(HttpHeaderNames.HOST, upstream.authority());
    int length = request.content().readableBytes();
    if (length > 0 || expectsBody(request.method())) {
      headers.setInt(HttpHeaderNames.CONTENT_LENGTH, length);
    } else {
      headers.remove(HttpHeaderNames.CONTENT_LENGTH);
    }
    return new DefaultFullHttpRequest(
        HttpVersion.HTTP_1_1,
        request.method(),
        upstream.target(request.uri()),
        request.content(),
        headers,
        new DefaultHttpHeaders());
  }

  /**
   * Makes an upstream response fit to send to the client: HTTP/1.1, no hop-by-hop headers, and a
   * framing the client connection can carry — its {@code Content-Length}, else chunked for an
   * HTTP/1.1 client, else (HTTP/1.0) the end of the connection.
   */
  static void forClient(HttpResponse response, boolean head, boolean http10Client) {
    response.setProtocolVersion(HttpVersion.HTTP_1_1);
    removeHopByHop(response.headers());
    if (mayHaveBody(response, head) && !HttpUtil.isContentLengthSet(response) && !http10Client) {
      HttpUtil.setTransferEncodingChunked(response, true);
    }
  }

  /**
   * Removes the fixed hop-by-hop headers, every {@code Proxy-*} header and those Connection names.
   */
  static void removeHopByHop(HttpHeaders headers) {
    for (String connection : headers.getAll(HttpHeaderNames.CONNECTION)) {
      for (String token : connection.split(",")) {
        headers.remove(token.trim());
      }
    }
    List<String> names = new ArrayList<>(headers.names());
    for (String name : names) {
      String lowered = name.toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(lowered) || lowered.startsWith("proxy-")) {
        headers.remove(name);
      }
    }
  }

  private static boolean expectsBody(HttpMethod method) {
    return method.equals(HttpMethod.POST)
        || method.equals(HttpMethod.PUT)
        || method.equals(HttpMethod.PATCH);
  }

  private static boolean mayHaveBody(HttpResponse response, boolean head) {
    int code = response.status().code();
    return !head
        && response.status().codeClass() != HttpStatusClass.INFORMATIONAL
        && code != 204
        && code != 304;
  }
}
