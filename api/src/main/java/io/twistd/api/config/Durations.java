package io.twistd.api.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses durations written as a number and a unit: {@code 250ms}, {@code 5s}, {@code 2m}, {@code
 * 1h}.
 */
public final class Durations {

  private static final Pattern SHAPE = Pattern.compile("(\\d+)(ms|s|m|h|)");

  private Durations() {}

  /**
   * Parses {@code text}; a bare number means seconds.
   *
   * @throws IllegalArgumentException with a message that shows the expected shape, or says the
   *     duration is too long to represent
   */
  public static Duration parse(String text) {
    String trimmed = text == null ? "" : text.trim();
    Matcher m = SHAPE.matcher(trimmed);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a duration such as 250ms, 5s, 2m or 1h, got '" + text + "'");
    }
    try {
      long amount = Long.parseLong(m.group(1));
      Duration duration =
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofSeconds(amount);
          };
      duration.toMillis(); // refuses what no millisecond timer could wait for
      return duration;
    } catch (ArithmeticException | NumberFormatException tooLong) {
      throw new IllegalArgumentException("duration '" + text + "' is too long");
    }
  }

  /**
   * Formats {@code duration} in the largest unit that represents it exactly, so that {@link #parse}
   * reads it back; parts finer than a millisecond are dropped.
   *
   * @throws IllegalArgumentException when {@code duration} is negative, which has no written form
   */
  public static String format(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a negative duration has no written form: " + duration);
    }
    long millis = duration.toMillis();
    if (millis % 3_600_000 == 0 && millis > 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0 && millis > 0) {
      return millis / 60_000 + "m";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    return millis + "ms";
  }
}
