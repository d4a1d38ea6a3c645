package io.twistd.runtime.net.http;

import io.netty.handler.codec.DateFormatter;
import io.netty.util.AsciiString;
import java.util.Date;
import java.util.function.LongSupplier;

/**
 * The value of the {@code Date} header for now. HTTP dates have a precision of one second, so the
 * text is formatted once per second and shared by every response of that second, instead of once
 * per response. Thread-safe: a stale read only formats the same second again.
 */
final class HttpDate {

  /** The second a value was formatted for, and the value. */
  private record Stamp(long second, AsciiString value) {}

  private final LongSupplier clockMillis;
  private volatile Stamp current = new Stamp(Long.MIN_VALUE, AsciiString.EMPTY_STRING);

  /**
   * @param clockMillis the wall clock, in milliseconds since the epoch
   */
  HttpDate(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  /** The {@code Date} value of the current second, e.g. {@code Wed, 01 May 2024 10:00:00 GMT}. */
  AsciiString now() {
    long second = Math.floorDiv(clockMillis.getAsLong(), 1000);
    Stamp stamp = current;
    if (stamp.second() != second) {
      stamp = new Stamp(second, new AsciiString(DateFormatter.format(new Date(second * 1000))));
      current = stamp;
    }
    return stamp.value();
  }
}
