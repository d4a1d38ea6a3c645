package io.twistd.api.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.util.ArrayDeque;
import java.util.Deque;

/** The document path ({@code services[1].listen[0]}) of where a Jackson parser stands. */
final class DocumentPath {

  private DocumentPath() {}

  /** The path of the value the parser is on; for a mapping or list, of the container itself. */
  static String ofCurrentValue(JsonParser parser) {
    JsonStreamContext context = parser.getParsingContext();
    JsonToken token = parser.currentToken();
    boolean opensContainer = token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY;
    if (opensContainer && context.getParent() != null) {
      context = context.getParent();
    }
    return of(context);
  }

  /** The path of the entry {@code context} stands on: its current field name or index. */
  static String of(JsonStreamContext context) {
    Deque<JsonStreamContext> chain = new ArrayDeque<>();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      chain.push(c);
    }
    StringBuilder out = new StringBuilder();
    for (JsonStreamContext c : chain) {
      if (c.inArray()) {
        out.append('[').append(Math.max(c.getCurrentIndex(), 0)).append(']');
      } else if (c.getCurrentName() != null) {
        out.append(out.length() > 0 ? "." : "").append(c.getCurrentName());
      }
    }
    return out.toString();
  }
}
