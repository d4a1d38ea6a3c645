package io.twistd.runtime.builtin.web;

import java.util.Locale;

/**
 * What a {@code Range} header asks of a file of a known size (RFC 9110 §14), for the single-range
 * forms {@code bytes=a-b}, {@code bytes=a-} and {@code bytes=-n}.
 *
 * <p>A header that is absent, malformed, in another unit, or asks for several ranges yields {@link
 * Kind#WHOLE}: the server answers 200 with the whole file, which RFC 9110 allows (a server may
 * ignore {@code Range}); multipart/byteranges responses are not produced.
 *
 * @param kind what to send
 * @param first the first byte to send, inclusive
 * @param last the last byte to send, inclusive
 */
record ByteRange(Kind kind, long first, long last) {

  /** What to send. */
  enum Kind {
    /** 200 with the whole file. */
    WHOLE,
    /** 206 with bytes {@code first..last}. */
    PARTIAL,
    /** 416: no byte of the file is in the range. */
    UNSATISFIABLE
  }

  private static final String UNIT = "bytes=";

  /** The number of bytes to send. */
  long length() {
    return last - first + 1;
  }

  /** The {@code Content-Range} value of a 206 response. */
  String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /**
   * Reads {@code header} (may be null) for a file of {@code size} bytes.
   *
   * @return the range to send; never null
   */
  static ByteRange parse(String header, long size) {
    ByteRange whole = new ByteRange(Kind.WHOLE, 0, size - 1);
    if (header == null || !header.toLowerCase(Locale.ROOT).startsWith(UNIT)) {
      return whole;
    }
    String spec = header.substring(UNIT.length()).trim();
    int dash = spec.indexOf('-');
    if (spec.contains(",") || dash < 0) {
      return whole;
    }
    String from = spec.substring(0, dash).trim();
    String to = spec.substring(dash + 1).trim();
    if (from.isEmpty()) {
      return suffix(to, size, whole);
    }
    long first = number(from);
    long last = to.isEmpty() ? Long.MAX_VALUE : number(to);
    if (first < 0 || last < 0 || last < first) {
      return whole; // not a valid range-spec: ignore the header
    }
    if (first >= size) {
      return new ByteRange(Kind.UNSATISFIABLE, 0, -1);
    }
    return new ByteRange(Kind.PARTIAL, first, Math.min(last, size - 1));
  }

  private static ByteRange suffix(String digits, long size, ByteRange whole) {
    long count = number(digits);
    if (count < 0) {
      return whole;
    }
    if (count == 0 || size == 0) {
      return new ByteRange(Kind.UNSATISFIABLE, 0, -1);
    }
    return new ByteRange(Kind.PARTIAL, Math.max(0, size - count), size - 1);
  }

  /** The value of a run of digits, saturating at {@link Long#MAX_VALUE}; -1 when not digits. */
  private static long number(String digits) {
    if (digits.isEmpty()) {
      return -1;
    }
    long value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
    }
    return value;
  }
}
