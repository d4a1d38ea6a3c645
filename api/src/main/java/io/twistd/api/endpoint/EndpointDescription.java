package io.twistd.api.endpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Twisted endpoint description string split into its parts: the endpoint type, positional
 * arguments and keyword arguments, e.g. {@code tcp:8080:interface=127.0.0.1}.
 *
 * <p>Splitting follows Twisted's {@code twisted.internet.endpoints._parse}: {@code :} separates
 * arguments, the first {@code =} in an argument separates a keyword from its value (later {@code =}
 * belong to the value), and a backslash makes the next character literal. {@link #toString()}
 * formats the description back so that {@code parse(d.toString()).equals(d)}.
 *
 * @param type the endpoint type, e.g. {@code tcp}
 * @param args positional arguments after the type, in order
 * @param kwargs keyword arguments in the order they appeared
 */
public record EndpointDescription(String type, List<String> args, Map<String, String> kwargs) {

  /**
   * @throws IllegalArgumentException when {@code type} is blank, since no string parses to that
   */
  public EndpointDescription {
    if (type.isBlank()) {
      throw new IllegalArgumentException("an endpoint type must not be blank");
    }
    args = List.copyOf(args);
    kwargs = Collections.unmodifiableMap(new LinkedHashMap<>(kwargs));
  }

  /**
   * Splits {@code description} into type, positional and keyword arguments, without checking which
   * arguments the type accepts.
   *
   * @throws EndpointSyntaxException when the string is empty, has no type before its first {@code
   *     :}, ends with a lone backslash or repeats a keyword
   */
  public static EndpointDescription parse(String description) {
    if (description == null || description.isBlank()) {
      throw new EndpointSyntaxException(String.valueOf(description), "it is empty");
    }
    List<List<String>> groups = tokenize(description);
    String type = single(groups.get(0), description, "the endpoint type");
    List<String> args = new ArrayList<>();
    Map<String, String> kwargs = new LinkedHashMap<>();
    for (List<String> group : groups.subList(1, groups.size())) {
      if (group.size() == 1) {
        args.add(group.get(0));
      } else if (kwargs.putIfAbsent(group.get(0), group.get(1)) != null) {
        throw new EndpointSyntaxException(
            description, "argument '" + group.get(0) + "' is given twice");
      }
    }
    return new EndpointDescription(type, args, kwargs);
  }

  private static String single(List<String> group, String description, String what) {
    if (group.size() != 1) {
      throw new EndpointSyntaxException(description, what + " must not contain '='");
    }
    if (group.get(0).isBlank()) {
      throw new EndpointSyntaxException(
          description, what + " is missing before the first ':', e.g. tcp:8080");
    }
    return group.get(0);
  }

  /** Splits on unescaped ':' into groups of one (positional) or two (keyword, value) strings. */
  private static List<List<String>> tokenize(String description) {
    List<List<String>> groups = new ArrayList<>();
    List<String> group = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < description.length(); i++) {
      char c = description.charAt(i);
      if (c == '\\') {
        if (++i == description.length()) {
          throw new EndpointSyntaxException(description, "it ends with a lone backslash");
        }
        current.append(description.charAt(i));
      } else if (c == ':') {
        group.add(current.toString());
        groups.add(group);
        group = new ArrayList<>();
        current.setLength(0);
      } else if (c == '=' && group.isEmpty()) {
        group.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    group.add(current.toString());
    groups.add(group);
    return groups;
  }

  /** Formats this description as a string that {@link #parse} reads back to an equal value. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(escape(type, true));
    args.forEach(arg -> out.append(':').append(escape(arg, true)));
    kwargs.forEach(
        (key, value) ->
            out.append(':').append(escape(key, true)).append('=').append(escape(value, false)));
    return out.toString();
  }

  private static String escape(String text, boolean escapeEquals) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c == '\\' || c == ':' || (escapeEquals && c == '=')) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
