package io.twistd.runtime.builtin.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandler.Sharable;
import java.time.Clock;

/**
 * Time protocol (RFC 868): sends the seconds since 1900-01-01T00:00Z as a 32-bit big-endian
 * unsigned integer, then closes. The value wraps modulo 2<sup>32</sup> (in 2036), as the RFC's
 * format does.
 *
 * <p>Twisted's {@code wire.Time} sends seconds since the Unix epoch; this handler follows the RFC.
 *
 * <p>Stateless and {@link Sharable}.
 */
@Sharable
public final class TimeHandler extends SendAndCloseHandler {

  /** Seconds from 1900-01-01T00:00Z to the Unix epoch, 1970-01-01T00:00Z. */
  public static final long SECONDS_1900_TO_1970 = 2_208_988_800L;

  private final Clock clock;

  /**
   * @param clock where the time comes from
   */
  public TimeHandler(Clock clock) {
    this.clock = clock;
  }

  @Override
  protected ByteBuf message(ByteBufAllocator alloc) {
    long since1900 = clock.instant().getEpochSecond() + SECONDS_1900_TO_1970;
    return alloc.buffer(Integer.BYTES).writeInt((int) since1900);
  }
}
