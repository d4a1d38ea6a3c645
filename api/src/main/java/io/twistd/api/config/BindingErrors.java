package io.twistd.api.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.JacksonYAMLParseException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Turns Jackson's parse and binding exceptions into short, user-facing messages and paths. */
final class BindingErrors {

  private BindingErrors() {}

  /** The document path of the failure, e.g. {@code services[1].listen}. */
  static String path(JsonProcessingException e) {
    if (!(e instanceof JsonMappingException mapping)) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : mapping.getPath()) {
      if (ref.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  /** What went wrong, without Jackson's class names. */
  static String message(JsonProcessingException e) {
    if (e instanceof JacksonYAMLParseException && e.getCause() instanceof MarkedYAMLException y) {
      String context = y.getContext() == null ? "" : " " + y.getContext();
      return "YAML syntax error: " + y.getProblem() + context;
    }
    if (e instanceof JsonParseException) {
      String original = e.getOriginalMessage();
      if (original.startsWith("Duplicate field")) {
        return "duplicate key " + original.substring("Duplicate field ".length());
      }
      return "YAML syntax error: " + firstLine(original);
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return "unknown field '"
          + unknown.getPropertyName()
          + "' (known: "
          + known(unknown.getKnownPropertyIds())
          + ")";
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
      return "expected " + describe(mismatch.getTargetType());
    }
    return firstLine(e.getOriginalMessage());
  }

  private static String known(Collection<Object> ids) {
    return ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
  }

  private static String describe(Class<?> type) {
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    if (type == String.class) {
      return "a string";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    return Map.class.isAssignableFrom(type) || !type.getName().startsWith("java.")
        ? "a mapping"
        : "a value of type " + type.getSimpleName();
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
