package io.twistd.runtime.builtin.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import java.nio.charset.StandardCharsets;

/**
 * Quote of the day protocol (RFC 865): sends the configured quote followed by CR LF, then closes.
 * The quote is sent in UTF-8, which is ASCII for the ASCII quotes the RFC expects.
 *
 * <p>Stateless and {@link Sharable}.
 */
@Sharable
public final class QotdHandler extends SendAndCloseHandler {

  private final byte[] message;

  /**
   * @param quote the quote, without line end
   */
  public QotdHandler(String quote) {
    this.message = (quote + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected ByteBuf message(ByteBufAllocator alloc) {
    return Unpooled.wrappedBuffer(message); // no copy; nothing ever writes into it
  }
}
