package io.twistd.runtime.builtin.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import io.twistd.runtime.net.http.HttpResponses;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards one client connection's requests, one {@link ProxyExchange} at a time, so responses go
 * back in request order even when the client pipelines. Requests that arrive while an exchange runs
 * wait in a short queue; beyond it, reading from the client pauses.
 *
 * <p>One instance per client connection; runs on its event loop.
 */
final class ProxyConnectionHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(ProxyConnectionHandler.class);
  private static final int MAX_QUEUED = 16;

  private final Supplier<ProxyRoute> route;
  private final boolean tls;
  private final Deque<FullHttpRequest> queued = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private ProxyExchange current;

  /**
   * @param route where to forward, read as each exchange begins (a reconfiguration changes it)
   * @param tls whether this client connection is TLS
   */
  ProxyConnectionHandler(Supplier<ProxyRoute> route, boolean tls) {
    this.route = route;
    this.tls = tls;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    queued.add(request);
    if (queued.size() >= MAX_QUEUED) {
      ctx.channel().config().setAutoRead(false);
    }
    if (current == null) {
      next();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable() && current != null) {
      current.resume();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (current != null) {
      current.abort();
      current = null;
    }
    releaseQueued();
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("closing client connection {} after an error", ctx.channel(), cause);
    ctx.close();
  }

  /** Starts the next queued exchange, if any; runs when the previous one is done. */
  private void next() {
    current = null;
    if (!ctx.channel().isActive()) {
      releaseQueued();
      return;
    }
    FullHttpRequest request = queued.poll();
    if (request == null) {
      ctx.channel().config().setAutoRead(true);
      return;
    }
    if (request.decoderResult().isFailure()) {
      boolean head = HttpMethod.HEAD.equals(request.method());
      request.release();
      FullHttpResponse response = HttpResponses.status(HttpResponseStatus.BAD_REQUEST, head);
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(response);
      releaseQueued();
      return;
    }
    current = new ProxyExchange(ctx, request, route.get(), tls, this::next);
    current.start();
  }

  private void releaseQueued() {
    for (FullHttpRequest request = queued.poll(); request != null; request = queued.poll()) {
      request.release();
    }
  }
}
