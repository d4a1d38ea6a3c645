package io.twistd.runtime.builtin.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shape of the one-message protocols (daytime, time, qotd): on connect, send one message, then
 * close once it is flushed. Anything the client sends is dropped.
 *
 * <p>Subclasses are stateless and {@link io.netty.channel.ChannelHandler.Sharable}.
 */
public abstract class SendAndCloseHandler extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(SendAndCloseHandler.class);

  /**
   * The message for a new connection. Called on the connection's event loop.
   *
   * @param alloc the connection's allocator
   * @return a buffer the caller owns and releases
   */
  protected abstract ByteBuf message(ByteBufAllocator alloc);

  @Override
  public final void channelActive(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(message(ctx.alloc())).addListener(ChannelFutureListener.CLOSE);
    ctx.fireChannelActive();
  }

  @Override
  public final void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }

  @Override
  public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("connection {} failed; closing it", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
