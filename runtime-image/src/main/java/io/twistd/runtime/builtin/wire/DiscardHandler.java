package io.twistd.runtime.builtin.wire;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discard protocol (RFC 863): reads every byte and drops it; never answers. The connection stays
 * open until the client closes it.
 *
 * <p>Stateless and {@link Sharable}: use {@link #INSTANCE}.
 */
@Sharable
public final class DiscardHandler extends ChannelInboundHandlerAdapter {

  /** The one instance; every connection of every discard service shares it. */
  public static final DiscardHandler INSTANCE = new DiscardHandler();

  private static final Logger log = LoggerFactory.getLogger(DiscardHandler.class);

  private DiscardHandler() {}

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("discard connection {} failed; closing it", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
