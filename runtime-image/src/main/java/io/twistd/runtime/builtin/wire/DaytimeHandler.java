package io.twistd.runtime.builtin.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Daytime protocol (RFC 867): sends the current date and time in UTC as one ASCII line in the RFC
 * 1123 form, e.g. {@code Tue, 3 Jun 2008 11:05:30 GMT}, ended by CR LF, then closes.
 *
 * <p>Stateless and {@link Sharable}.
 */
@Sharable
public final class DaytimeHandler extends SendAndCloseHandler {

  private final Clock clock;

  /**
   * @param clock where the time comes from
   */
  public DaytimeHandler(Clock clock) {
    this.clock = clock;
  }

  @Override
  protected ByteBuf message(ByteBufAllocator alloc) {
    String now =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().atOffset(ZoneOffset.UTC));
    return ByteBufUtil.writeAscii(alloc, now + "\r\n");
  }
}
