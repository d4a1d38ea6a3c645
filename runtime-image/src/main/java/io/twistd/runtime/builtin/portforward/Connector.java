package io.twistd.runtime.builtin.portforward;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first protocol handler of an accepted connection: when it becomes active, connects to the
 * destination on the same event loop, then replaces itself with a {@link Relay} and turns reading
 * on for both sides. A failed connect closes the accepted connection.
 *
 * <p>The accepted connection has auto-read off meanwhile, but the epoll transport still reads when
 * the client shuts down its output early (it reads up to the end of input to see the FIN). What it
 * reads, and the end of input, are kept and passed on once the destination is connected.
 *
 * <p>Keeps those per connection, so one instance per accepted connection; not sharable.
 */
final class Connector extends ChannelInboundHandlerAdapter {

  private static final Logger log = LoggerFactory.getLogger(Connector.class);

  private final Bootstrap outbound;
  private final String destination;
  private final List<Object> early = new ArrayList<>();
  private boolean inputEnded;

  /**
   * @param outbound the outbound bootstrap, complete but for its event loop and handler
   * @param destination {@code host:port}, for logs
   */
  Connector(Bootstrap outbound, String destination) {
    this.outbound = outbound;
    this.destination = destination;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    Channel inbound = ctx.channel();
    ChannelFuture connect =
        outbound.clone(inbound.eventLoop()).handler(new Relay(inbound)).connect();
    connect.addListener(f -> connected(ctx, connect));
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    early.add(msg);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ChannelInputShutdownEvent) {
      inputEnded = true;
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    early.forEach(ReferenceCountUtil::release); // empty unless the connection closed first
    early.clear();
  }

  private void connected(ChannelHandlerContext ctx, ChannelFuture connect) {
    Channel inbound = ctx.channel();
    Channel outboundChannel = connect.channel();
    if (!connect.isSuccess()) {
      log.info(
          "cannot forward {} to {}: {}",
          inbound.remoteAddress(),
          destination,
          connect.cause().toString());
      inbound.close();
      return;
    }
    if (!inbound.isActive()) {
      outboundChannel.close(); // the client left while we were connecting
      return;
    }
    Relay relay = new Relay(outboundChannel);
    early.forEach(outboundChannel::write);
    early.clear();
    outboundChannel.flush();
    ctx.pipeline().replace(this, "relay", relay);
    outboundChannel.config().setAutoRead(true);
    if (inputEnded) {
      relay.inputEnded(inbound);
    } else {
      inbound.config().setAutoRead(true);
    }
  }
}
