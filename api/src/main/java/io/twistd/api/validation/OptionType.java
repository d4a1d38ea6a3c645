package io.twistd.api.validation;

import io.twistd.api.config.Durations;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * The type of a service option. Each type converts a raw value, as it arrives from YAML or from a
 * command-line flag, into the Java value a service reads.
 */
public enum OptionType {
  /** Any text; numbers and booleans are accepted in their written form. */
  STRING("string") {
    @Override
    Object convert(Object raw) {
      if (raw instanceof String || raw instanceof Number || raw instanceof Boolean) {
        return raw.toString();
      }
      throw mismatch(raw);
    }
  },
  /** A whole number, converted to {@link Integer}. */
  INTEGER("integer") {
    @Override
    Object convert(Object raw) {
      boolean wholeNumber =
          raw instanceof Integer || raw instanceof Long || raw instanceof BigInteger;
      String text = raw instanceof String s ? s.trim() : String.valueOf(raw);
      if (!(raw instanceof String || wholeNumber) || !text.matches("[+-]?\\d+")) {
        throw mismatch(raw);
      }
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException tooLarge) {
        throw new IllegalArgumentException(
            text
                + " is out of range for an integer ("
                + Integer.MIN_VALUE
                + " to "
                + Integer.MAX_VALUE
                + ")");
      }
    }
  },
  /** true or false, converted to {@link Boolean}. */
  BOOLEAN("boolean") {
    @Override
    Object convert(Object raw) {
      if (raw instanceof Boolean) {
        return raw;
      }
      if (raw instanceof String text && text.matches("(?i)true|false")) {
        return Boolean.parseBoolean(text);
      }
      throw mismatch(raw);
    }
  },
  /** A duration such as 5s, converted to {@link Duration}. */
  DURATION("duration") {
    @Override
    Object convert(Object raw) {
      if (!(raw instanceof String || raw instanceof Integer || raw instanceof Long)) {
        throw mismatch(raw);
      }
      // a bare whole number means seconds, written or not
      String text = raw.toString();
      Duration duration = Durations.parse(text);
      if (duration.isZero()) {
        throw new IllegalArgumentException("must be longer than zero, got '" + text + "'");
      }
      return duration;
    }
  },
  /** An absolute http:// or https:// URL with a host, converted to {@link URI}. */
  URL("url") {
    @Override
    Object convert(Object raw) {
      if (!(raw instanceof String text)) {
        throw mismatch(raw);
      }
      try {
        URI uri = new URI(text);
        if (uri.getScheme() == null
            || !uri.getScheme().matches("https?")
            || uri.getHost() == null) {
          throw new IllegalArgumentException(
              "expected an http:// or https:// URL with a host, got '" + text + "'");
        }
        return uri;
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("'" + text + "' is not a URL: " + e.getReason());
      }
    }
  };

  private final String label;

  OptionType(String label) {
    this.label = label;
  }

  /** The type's name as shown in help and error messages. */
  public String label() {
    return label;
  }

  /**
   * Converts {@code raw} (never null) to this type's Java value.
   *
   * @throws IllegalArgumentException with a message saying what was expected and what was found
   */
  abstract Object convert(Object raw);

  IllegalArgumentException mismatch(Object raw) {
    return new IllegalArgumentException("expected " + article() + label + ", got " + describe(raw));
  }

  private String article() {
    return this == INTEGER ? "an " : "a ";
  }

  static String describe(Object raw) {
    if (raw instanceof String text) {
      return "'" + text + "'";
    }
    if (raw instanceof java.util.Map) {
      return "a mapping";
    }
    if (raw instanceof java.util.List) {
      return "a list";
    }
    return String.valueOf(raw);
  }
}
