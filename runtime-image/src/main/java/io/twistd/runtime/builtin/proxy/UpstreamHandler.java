package io.twistd.runtime.builtin.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an upstream connection: hands the decoded response to the exchange that holds
 * the connection ({@link #listen}). A connection in the pool has no listener; anything it receives
 * then is out of step with the protocol, so the connection is closed.
 *
 * <p>One instance per upstream connection; runs on its event loop.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(UpstreamHandler.class);

  private UpstreamListener listener;

  /** Routes this connection's events to {@code exchange} until {@link #unlisten()}. */
  void listen(UpstreamListener exchange) {
    this.listener = exchange;
  }

  /** Stops routing events; the connection goes back to the pool or is closed. */
  void unlisten() {
    this.listener = null;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (listener == null || !(msg instanceof HttpObject object)) {
      ReferenceCountUtil.release(msg);
      ctx.close();
      return;
    }
    listener.onResponse(object);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (listener != null) {
      listener.onReadComplete();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    fail(new PrematureChannelClosureException("the upstream closed the connection"));
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("upstream connection {} failed", ctx.channel(), cause);
    fail(cause);
    ctx.close();
  }

  private void fail(Throwable cause) {
    UpstreamListener current = listener;
    listener = null;
    if (current != null) {
      current.onUpstreamFailed(cause);
    }
  }
}
