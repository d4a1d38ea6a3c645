package io.twistd.api.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Collects what Jackson cannot bind in a config file — unknown fields, values of the wrong shape —
 * and lets binding go on past them, so that one load reports them all, together with the
 * validator's findings. A value of the wrong shape binds as null.
 *
 * <p>One instance per load; not thread-safe. The {@link #HANDLER} is shared and stateless: it finds
 * the instance of the current load among the reader's attributes.
 */
final class BindingProblems {

  /** Registered once on the mapper; it reports to the instance attached to the reader. */
  static final DeserializationProblemHandler HANDLER = new Handler();

  private final String source;
  private final SourceLocations locations;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final Set<String> refusedPaths = new HashSet<>();

  BindingProblems(String source, SourceLocations locations) {
    this.source = source;
    this.locations = locations;
  }

  /** A reader that reports to this instance. */
  ObjectReader attachTo(ObjectReader reader) {
    return reader.withAttribute(BindingProblems.class, this);
  }

  /** Every problem met while binding, in the order met. */
  List<ConfigProblem> problems() {
    return problems;
  }

  /**
   * Whether a validator finding at {@code path} would only repeat a binding problem: the value
   * there, or one enclosing it, was refused and bound as null.
   */
  boolean covers(String path) {
    for (String refused : refusedPaths) {
      if (path.equals(refused)
          || refused.isEmpty()
          || path.startsWith(refused + ".")
          || path.startsWith(refused + "[")) {
        return true;
      }
    }
    return false;
  }

  private void unknownField(JsonParser parser, String name, Collection<Object> known) {
    String path = DocumentPath.ofCurrentValue(parser);
    SourceLocations.Position at =
        locations.key(path).orElse(SourceLocations.Position.of(parser.currentTokenLocation()));
    String knownNames =
        known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
    add(at, path, "unknown field '" + name + "' (known: " + knownNames + ")");
  }

  private void wrongShape(JsonParser parser, Class<?> expectedType) throws IOException {
    String path = DocumentPath.ofCurrentValue(parser);
    SourceLocations.Position at = SourceLocations.Position.of(parser.currentTokenLocation());
    JsonToken token = parser.currentToken();
    String expected = ValueKinds.expected(expectedType);
    refusedPaths.add(path);
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      add(
          at,
          path,
          "YAML aliases (*" + parser.getText() + ") are not supported; write the value out");
      return;
    }
    StringBuilder message = new StringBuilder();
    message.append(path.isEmpty() ? "the document must be " : "expected ").append(expected);
    message.append(path.isEmpty() ? " of settings (application, services, …)" : "");
    message.append(", got ").append(ValueKinds.found(token));
    if (expected.equals("a list") && token != null && token.isScalarValue()) {
      message.append("; write one item as a list: [").append(literal(parser)).append(']');
    }
    add(at, path, message.toString());
  }

  private static String literal(JsonParser parser) throws IOException {
    String text = parser.getText();
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      return text;
    }
    return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
  }

  private void add(SourceLocations.Position at, String path, String message) {
    problems.add(new ConfigProblem(source, at.line(), at.column(), path, message));
  }

  private static final class Handler extends DeserializationProblemHandler {

    @Override
    public boolean handleUnknownProperty(
        DeserializationContext ctxt,
        JsonParser p,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      BindingProblems problems = of(ctxt);
      if (problems == null) {
        return false;
      }
      problems.unknownField(p, propertyName, deserializer.getKnownPropertyNames());
      p.skipChildren();
      return true;
    }

    @Override
    public Object handleUnexpectedToken(
        DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p, String msg)
        throws IOException {
      return refuse(ctxt, targetType.getRawClass(), p);
    }

    @Override
    public Object handleMissingInstantiator(
        DeserializationContext ctxt,
        Class<?> instClass,
        ValueInstantiator valueInsta,
        JsonParser p,
        String msg)
        throws IOException {
      return refuse(ctxt, instClass, p);
    }

    private static Object refuse(DeserializationContext ctxt, Class<?> type, JsonParser p)
        throws IOException {
      BindingProblems problems = of(ctxt);
      if (problems == null) {
        return NOT_HANDLED;
      }
      problems.wrongShape(p, type);
      p.skipChildren();
      return null;
    }

    private static BindingProblems of(DeserializationContext ctxt) {
      return ctxt.getAttribute(BindingProblems.class) instanceof BindingProblems problems
          ? problems
          : null;
    }
  }
}
