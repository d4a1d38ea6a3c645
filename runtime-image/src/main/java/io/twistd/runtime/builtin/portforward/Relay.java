package io.twistd.runtime.builtin.portforward;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes what one side of a forwarded connection reads to the other side, its peer. One relay sits
 * on each side; both run on the same event loop.
 *
 * <ul>
 *   <li>Backpressure: when this side's channel is not writable, the peer stops reading until it is.
 *   <li>Half-close: when this side's input ends (the remote shut down its output), the peer's
 *       output is shut down once what was written to it is flushed; when both directions have
 *       ended, both channels close.
 *   <li>When either side closes, the other closes after flushing.
 * </ul>
 *
 * <p>Holds its peer, so one instance per channel; not sharable.
 */
final class Relay extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(Relay.class);

  private final Channel peer;

  /**
   * @param peer the channel on the other side; must be a {@link DuplexChannel}
   */
  Relay(Channel peer) {
    this.peer = peer;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    peer.write(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    peer.flush();
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // A peer whose input has ended has nothing left to read; re-arming reading on it would only
    // wake its event loop for the end of stream again.
    if (!((DuplexChannel) peer).isInputShutdown()) {
      peer.config().setAutoRead(ctx.channel().isWritable());
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (!(evt instanceof ChannelInputShutdownEvent)) {
      ctx.fireUserEventTriggered(evt);
      return;
    }
    inputEnded(ctx.channel());
  }

  /**
   * This side's input has ended: shuts down the peer's output once everything written to it so far
   * is flushed (shutting down drops unflushed writes), and closes both when the other direction has
   * ended too.
   *
   * @param self the channel this relay reads from
   */
  void inputEnded(Channel self) {
    peer.writeAndFlush(Unpooled.EMPTY_BUFFER)
        .addListener(
            (ChannelFutureListener)
                written -> {
                  if (!written.isSuccess()) {
                    closeBoth(self);
                    return;
                  }
                  ((DuplexChannel) peer).shutdownOutput().addListener(shut -> closeIfDone(self));
                });
  }

  /** Closes both sides once both directions have ended: peer's output and this side's output. */
  private void closeIfDone(Channel self) {
    if (((DuplexChannel) peer).isOutputShutdown() && ((DuplexChannel) self).isOutputShutdown()) {
      closeBoth(self);
    }
  }

  private void closeBoth(Channel self) {
    self.close();
    peer.close();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    closeAfterFlush(peer);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("forwarded connection {} failed; closing it", ctx.channel(), cause);
    closeAfterFlush(ctx.channel());
  }

  private static void closeAfterFlush(Channel channel) {
    if (channel.isActive()) {
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }
  }
}
