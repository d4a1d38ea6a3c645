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

/**
 * Where each value of a YAML document starts, by its path ({@code services[1].listen[0]}), so that
 * problems found after binding can still name a line and column.
 */
final class SourceLocations {

  /** A 1-based line and column. */
  record Position(int line, int column) {}

  private final Map<String, Position> byPath;

  private SourceLocations(Map<String, Position> byPath) {
    this.byPath = byPath;
  }

  /** Reads {@code text} as a token stream; a syntax error stops the walk (reported elsewhere). */
  static SourceLocations scan(JsonFactory factory, String text) {
    Map<String, Position> byPath = new HashMap<>();
    try (JsonParser parser = factory.createParser(text)) {
      walk(parser, byPath);
    } catch (IOException | RuntimeException e) {
      // keep what was found before the error; the binder reports the error itself
    }
    return new SourceLocations(byPath);
  }

  private static void walk(JsonParser parser, Map<String, Position> byPath) throws IOException {
    Deque<Frame> frames = new ArrayDeque<>();
    for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
      if (token == JsonToken.FIELD_NAME) {
        frames.peek().name = parser.currentName();
        continue;
      }
      if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
        frames.pop();
        continue;
      }
      if (!frames.isEmpty() && frames.peek().array) {
        frames.peek().index++;
      }
      JsonLocation at = parser.currentTokenLocation();
      byPath.putIfAbsent(path(frames), new Position(at.getLineNr(), at.getColumnNr()));
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        frames.push(new Frame(token == JsonToken.START_ARRAY));
      }
    }
  }

  private static String path(Deque<Frame> frames) {
    StringBuilder out = new StringBuilder();
    frames.descendingIterator().forEachRemaining(frame -> frame.appendTo(out));
    return out.toString();
  }

  /**
   * The position of {@code path}, or of its nearest enclosing value that has one, or line 0 when
   * nothing encloses it.
   */
  Position find(String path) {
    String current = path;
    while (true) {
      Position found = byPath.get(current);
      if (found != null) {
        return found;
      }
      if (current.isEmpty()) {
        return new Position(0, 0);
      }
      current = parentOf(current);
    }
  }

  static String parentOf(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut < 0 ? "" : path.substring(0, cut);
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
