package io.twistd.bench.echo;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Recorder;

/**
 * One ping-pong connection: sends a message, waits until all of its bytes have come back, records
 * the round trip and sends the next, until told to stop. One instance per connection.
 */
final class PingPongHandler extends ChannelInboundHandlerAdapter {

  private final ByteBuf message;
  private final Recorder roundTrips;
  private final AtomicBoolean running;
  private int awaited;
  private long sentNanos;

  /**
   * @param message the bytes to send each time (not released by this handler)
   * @param roundTrips where each round trip's nanoseconds go
   * @param running cleared to stop after the current round trip
   */
  PingPongHandler(ByteBuf message, Recorder roundTrips, AtomicBoolean running) {
    this.message = message;
    this.roundTrips = roundTrips;
    this.running = running;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    send(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf bytes = (ByteBuf) msg;
    awaited -= bytes.readableBytes();
    bytes.release();
    if (awaited > 0) {
      return;
    }
    if (awaited < 0) {
      ctx.fireExceptionCaught(new IllegalStateException("the server sent more than was sent"));
      return;
    }
    roundTrips.recordValue(System.nanoTime() - sentNanos);
    if (running.get()) {
      send(ctx);
    } else {
      ctx.close();
    }
  }

  private void send(ChannelHandlerContext ctx) {
    awaited = message.readableBytes();
    sentNanos = System.nanoTime();
    ctx.writeAndFlush(message.retainedDuplicate());
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.fireExceptionCaught(cause);
    ctx.close();
  }
}
