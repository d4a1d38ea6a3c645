package io.twistd.api.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each value of a YAML document starts, and where the key naming it starts, by its path
 * ({@code services[1].listen[0]}), so that problems found after binding can still name a line and
 * column.
 */
final class SourceLocations {

  /** A 1-based line and column. */
  record Position(int line, int column) {

    static final Position UNKNOWN = new Position(0, 0);

    static Position of(JsonLocation at) {
      return at == null || at.getLineNr() < 1
          ? UNKNOWN
          : new Position(at.getLineNr(), Math.max(at.getColumnNr(), 1));
    }
  }

  private final Map<String, Position> values;
  private final Map<String, Position> keys;
  private final int documents;

  private SourceLocations(Map<String, Position> values, Map<String, Position> keys, int documents) {
    this.values = values;
    this.keys = keys;
    this.documents = documents;
  }

  /**
   * Reads {@code text} as a token stream; a syntax error (or a repeated key) stops the walk, which
   * keeps what it found before. The binder reports the error itself.
   */
  static SourceLocations scan(JsonFactory factory, String text) {
    Walk walk = new Walk();
    try (JsonParser parser = factory.createParser(text)) {
      walk.run(parser);
    } catch (IOException | RuntimeException e) {
      // keep what was found before the error
    }
    return new SourceLocations(walk.values, walk.keys, walk.documents);
  }

  /**
   * The position of the value at {@code path}, or of its nearest enclosing value that has one, or
   * {@link Position#UNKNOWN} when nothing encloses it.
   */
  Position find(String path) {
    String current = path;
    while (true) {
      Position found = values.get(current);
      if (found != null) {
        return found;
      }
      if (current.isEmpty()) {
        return Position.UNKNOWN;
      }
      current = parentOf(current);
    }
  }

  /** The position of the key that names the value at {@code path}, when it is a mapping entry. */
  Optional<Position> key(String path) {
    return Optional.ofNullable(keys.get(path));
  }

  /** How many YAML documents ({@code ---}) the text starts before its end or first error. */
  int documents() {
    return documents;
  }

  static String parentOf(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
  }

  private static final class Walk {
    final Map<String, Position> values = new HashMap<>();
    final Map<String, Position> keys = new HashMap<>();
    final Deque<Frame> frames = new ArrayDeque<>();
    int documents;

    void run(JsonParser parser) throws IOException {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        Position at = Position.of(parser.currentTokenLocation());
        if (token == JsonToken.FIELD_NAME) {
          frames.peek().name = parser.currentName();
          keys.putIfAbsent(path(), at);
        } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
          frames.pop();
        } else {
          value(token, at);
        }
      }
    }

    private void value(JsonToken token, Position at) {
      if (frames.isEmpty()) {
        documents++;
      } else if (frames.peek().array) {
        frames.peek().index++;
      }
      values.putIfAbsent(path(), at);
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        frames.push(new Frame(token == JsonToken.START_ARRAY));
      }
    }

    private String path() {
      StringBuilder out = new StringBuilder();
      frames.descendingIterator().forEachRemaining(frame -> frame.appendTo(out));
      return out.toString();
    }
  }

  private static final class Frame {
    final boolean array;
    int index = -1;
    String name;

    Frame(boolean array) {
      this.array = array;
    }

    void appendTo(StringBuilder out) {
      if (array) {
        out.append('[').append(index).append(']');
      } else if (name != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(name);
      }
    }
  }
}
