package io.twistd.runtime.builtin.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Character generator protocol (RFC 864): from connect until the client closes, sends lines of
 * {@value #LINE_LENGTH} characters from the 95 printable ASCII characters (32 to 126), line
 * <i>n</i> starting at character <i>n</i> mod 95, each ended by CR LF. Anything the client sends is
 * dropped.
 *
 * <p>The pattern repeats every 95 lines, so this handler writes whole cycles of 95 lines from one
 * shared buffer and keeps no per-connection state. It writes only while the connection is writable
 * and goes on when it becomes writable again: a client that reads slowly gets data slowly.
 *
 * <p>Stateless and {@link Sharable}: use {@link #INSTANCE}.
 */
@Sharable
public final class ChargenHandler extends ChannelInboundHandlerAdapter {

  /** Characters per line, without the CR LF. */
  public static final int LINE_LENGTH = 72;

  /** The one instance; every connection of every chargen service shares it. */
  public static final ChargenHandler INSTANCE = new ChargenHandler();

  private static final int FIRST_CHAR = 32;
  private static final int CHAR_COUNT = 95;
  private static final Logger log = LoggerFactory.getLogger(ChargenHandler.class);

  /** Lines 0 to 94; direct so that no transport copies it. Never released: it lives forever. */
  private static final ByteBuf CYCLE = Unpooled.unreleasableBuffer(cycle());

  private ChargenHandler() {}

  private static ByteBuf cycle() {
    ByteBuf buf = Unpooled.directBuffer(CHAR_COUNT * (LINE_LENGTH + 2));
    for (int line = 0; line < CHAR_COUNT; line++) {
      for (int column = 0; column < LINE_LENGTH; column++) {
        buf.writeByte(FIRST_CHAR + (line + column) % CHAR_COUNT);
      }
      buf.writeByte('\r').writeByte('\n');
    }
    return buf;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    generate(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      generate(ctx);
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ReferenceCountUtil.release(msg);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("chargen connection {} failed; closing it", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }

  /** Writes whole cycles until the outbound buffer passes its high water mark, then flushes. */
  private static void generate(ChannelHandlerContext ctx) {
    Channel channel = ctx.channel();
    while (channel.isWritable()) {
      ctx.write(CYCLE.duplicate()); // a failed write closes the connection
    }
    ctx.flush();
  }
}
