package io.twistd.runtime.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Answers the admin endpoints: {@code /healthz}, {@code /readyz}, {@code /metrics} and {@code
 * /status}. Stateless; one instance serves every connection.
 */
@Sharable
final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

  private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final String TEXT_TYPE = "text/plain; charset=utf-8";
  private static final String JSON_TYPE = "application/json";

  private final AdminState state;
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  AdminHandler(AdminState state) {
    this.state = state;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (!request.decoderResult().isSuccess()) {
      send(ctx, request, HttpResponseStatus.BAD_REQUEST, TEXT_TYPE, "malformed request\n");
      return;
    }
    if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
      send(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT_TYPE, "use GET\n");
      return;
    }
    String path = new QueryStringDecoder(request.uri()).path();
    switch (path) {
      case "/healthz" -> health(ctx, request);
      case "/readyz" -> readiness(ctx, request);
      case "/metrics" ->
          send(ctx, request, HttpResponseStatus.OK, PROMETHEUS_TYPE, state.scrapeMetrics());
      case "/status" -> send(ctx, request, HttpResponseStatus.OK, JSON_TYPE, statusJson());
      default ->
          send(
              ctx,
              request,
              HttpResponseStatus.NOT_FOUND,
              TEXT_TYPE,
              "not found; try /healthz, /readyz, /metrics or /status\n");
    }
  }

  private void health(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean ok = state.eventLoopsResponsive();
    probe(ctx, request, ok, ok ? "ok" : "event loops are not responding");
  }

  private void readiness(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean ok = state.ready();
    probe(ctx, request, ok, ok ? "ready" : "not ready: " + state.notReadyReason());
  }

  /** A probe's answer: 200 when {@code ok}, else 503, with a one-line reason. */
  private static void probe(
      ChannelHandlerContext ctx, FullHttpRequest request, boolean ok, String line) {
    HttpResponseStatus status = ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE;
    send(ctx, request, status, TEXT_TYPE, line + "\n");
  }

  private String statusJson() {
    try {
      return json.writeValueAsString(state.status()) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the status document", e);
    }
  }

  private static void send(
      ChannelHandlerContext ctx,
      FullHttpRequest request,
      HttpResponseStatus status,
      String contentType,
      String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    boolean head = HttpMethod.HEAD.equals(request.method());
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1,
            status,
            head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
    response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
    HttpUtil.setContentLength(response, bytes.length);
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpUtil.setKeepAlive(response, keepAlive);
    var written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
