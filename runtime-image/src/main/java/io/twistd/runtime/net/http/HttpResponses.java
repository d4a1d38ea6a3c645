package io.twistd.runtime.net.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;

/** Builds the responses the runtime's HTTP services generate themselves. */
public final class HttpResponses {

  /** The {@code Server} header value of generated responses. */
  public static final String SERVER = "twistd-runtime";

  private static final AsciiString SERVER_VALUE = AsciiString.cached(SERVER);
  private static final HttpDate DATE = new HttpDate(System::currentTimeMillis);

  private HttpResponses() {}

  /** Sets the {@code Date} (now) and {@code Server} headers every generated response carries. */
  public static void stamp(HttpHeaders headers) {
    headers.set(HttpHeaderNames.DATE, DATE.now());
    headers.set(HttpHeaderNames.SERVER, SERVER_VALUE);
  }

  /**
   * A stamped plain-text response whose body is the status line's reason, e.g. {@code 404 Not
   * Found}. {@code Content-Length} is always set; the body is left out for {@code head} requests.
   */
  public static FullHttpResponse status(HttpResponseStatus status, boolean head) {
    return text(status, status.code() + " " + status.reasonPhrase() + "\n", head);
  }

  /**
   * A stamped {@code text/plain; charset=utf-8} response with {@code body}. {@code Content-Length}
   * is always set; the body is left out for {@code head} requests.
   */
  public static FullHttpResponse text(HttpResponseStatus status, String body, boolean head) {
    return withBody(
        status,
        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8),
        "text/plain; charset=utf-8",
        head);
  }

  /**
   * A stamped response with {@code body} of {@code contentType}. {@code Content-Length} is the
   * body's length; for {@code head} requests the body is released and not sent.
   */
  public static FullHttpResponse withBody(
      HttpResponseStatus status, ByteBuf body, String contentType, boolean head) {
    int length = body.readableBytes();
    ByteBuf content = body;
    if (head) {
      body.release();
      content = Unpooled.EMPTY_BUFFER;
    }
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    stamp(response.headers());
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, length);
    return response;
  }
}
