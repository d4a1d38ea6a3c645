package io.twistd.api.config;

import com.fasterxml.jackson.core.JsonToken;
import java.util.List;
import java.util.Map;

/** Names what a config value is, or should be, in a user's words: a mapping, a list, a string. */
final class ValueKinds {

  private ValueKinds() {}

  /** What a value bound to {@code type} must be written as. */
  static String expected(Class<?> type) {
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    return Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")
        ? "a mapping"
        : "a value of type " + type.getSimpleName();
  }

  /** What the value starting with {@code token} was written as. */
  static String found(JsonToken token) {
    if (token == null) {
      return "nothing";
    }
    return switch (token) {
      case START_OBJECT -> "a mapping";
      case START_ARRAY -> "a list";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "no value";
      default -> token.asString() == null ? token.name() : token.asString();
    };
  }
}
