package io.twistd.runtime.builtin.wire;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Echo protocol (RFC 862): sends back every byte received.
 *
 * <p>Received buffers are written back as they are, without copying. When the connection stops
 * being writable (the client does not read), reading stops until it drains, so a client cannot make
 * the server buffer without bound. When the client shuts down its output, what is still to be
 * echoed is sent, and then the connection is closed.
 *
 * <p>Stateless and {@link Sharable}: use {@link #INSTANCE}.
 */
@Sharable
public final class EchoHandler extends ChannelInboundHandlerAdapter {

  /** The one instance; every connection of every echo service shares it. */
  public static final EchoHandler INSTANCE = new EchoHandler();

  private static final Logger log = LoggerFactory.getLogger(EchoHandler.class);

  private EchoHandler() {}

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    // A client's FIN ends its input only; the echo of what it sent before still goes out.
    ctx.channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ctx.write(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Channel channel = ctx.channel();
    // After the client's FIN there is nothing left to read; re-arming reading would only wake the
    // event loop for the end of stream again, so reading stays as it is.
    if (!(channel instanceof DuplexChannel duplex && duplex.isInputShutdown())) {
      channel.config().setAutoRead(channel.isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (!(evt instanceof ChannelInputShutdownEvent)) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("echo connection {} failed; closing it", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
