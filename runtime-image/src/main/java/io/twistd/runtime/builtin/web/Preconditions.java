package io.twistd.runtime.builtin.web;

import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.Date;

/**
 * The conditional request headers of a GET or HEAD for a file (RFC 9110 §13): {@code
 * If-None-Match}, {@code If-Modified-Since} and {@code If-Range}. {@code If-Match} and {@code
 * If-Unmodified-Since} are not evaluated.
 */
final class Preconditions {

  private static final String WEAK = "W/";

  private Preconditions() {}

  /**
   * Whether to answer 304 Not Modified. {@code If-None-Match} decides when present (weak
   * comparison; {@code *} matches any file); only when it is absent does {@code If-Modified-Since},
   * which holds when the file has not changed since that date. An unparsable or future date is
   * ignored.
   */
  static boolean notModified(HttpHeaders headers, StaticFile file) {
    String ifNoneMatch = headers.get(HttpHeaderNames.IF_NONE_MATCH);
    if (ifNoneMatch != null) {
      return matchesAny(ifNoneMatch, file.etag());
    }
    Date since = date(headers.get(HttpHeaderNames.IF_MODIFIED_SINCE));
    if (since == null || since.getTime() > System.currentTimeMillis()) {
      return false;
    }
    return file.modifiedSeconds() <= Math.floorDiv(since.getTime(), 1000);
  }

  /**
   * Whether a {@code Range} header may be honoured: yes without {@code If-Range}; with it, only
   * when it names the current strong entity tag or exactly the current {@code Last-Modified} date.
   */
  static boolean rangeApplies(HttpHeaders headers, StaticFile file) {
    String ifRange = headers.get(HttpHeaderNames.IF_RANGE);
    if (ifRange == null) {
      return true;
    }
    String value = ifRange.trim();
    if (value.startsWith("\"") || value.startsWith(WEAK)) {
      return value.equals(file.etag()); // a weak tag never matches: strong comparison
    }
    Date date = date(value);
    return date != null && Math.floorDiv(date.getTime(), 1000) == file.modifiedSeconds();
  }

  /** Whether a comma-separated list of entity tags (or {@code *}) matches {@code etag}, weakly. */
  private static boolean matchesAny(String list, String etag) {
    String wanted = opaque(etag);
    for (String candidate : list.split(",")) {
      String tag = candidate.trim();
      if (tag.equals("*") || opaque(tag).equals(wanted)) {
        return true;
      }
    }
    return false;
  }

  private static String opaque(String tag) {
    return tag.startsWith(WEAK) ? tag.substring(WEAK.length()) : tag;
  }

  private static Date date(String value) {
    return value == null ? null : DateFormatter.parseHttpDate(value);
  }
}
