package io.twistd.api.validation;

import java.util.Optional;

/**
 * One option of a service type: its name, type, whether it is required, its default and a one-line
 * description (shown by {@code twistd-runtime plugins} and the one-service CLI's help).
 *
 * @param name the key under {@code options:}
 * @param type how the value is read
 * @param required whether a value must be given
 * @param defaultValue the value used when none is given, in written form; null for none
 * @param description one line of help
 */
public record OptionSpec(
    String name, OptionType type, boolean required, String defaultValue, String description) {

  /** A required option without a default. */
  public static OptionSpec required(String name, OptionType type, String description) {
    return new OptionSpec(name, type, true, null, description);
  }

  /** An optional option; {@code defaultValue} may be null when absence means "not set". */
  public static OptionSpec optional(
      String name, OptionType type, String defaultValue, String description) {
    return new OptionSpec(name, type, false, defaultValue, description);
  }

  /**
   * Converts a raw value to this option's Java value.
   *
   * @throws IllegalArgumentException when the value does not fit the type
   */
  public Object convert(Object raw) {
    return type.convert(raw);
  }

  /** The default converted to this option's Java value, if there is one. */
  public Optional<Object> convertedDefault() {
    return Optional.ofNullable(defaultValue).map(type::convert);
  }
}
