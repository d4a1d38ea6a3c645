package io.twistd.api.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;

/**
 * Turns the Jackson exceptions that stop binding — YAML syntax errors, repeated keys, more than one
 * document — into a located, user-facing {@link ConfigProblem}. Problems binding can recover from
 * are collected by {@link BindingProblems} instead.
 */
final class BindingErrors {

  private BindingErrors() {}

  static ConfigProblem problem(
      JsonProcessingException e, String source, SourceLocations locations) {
    var syntax = YamlSyntaxErrors.find(e);
    if (syntax.isPresent()) {
      return YamlSyntaxErrors.problem(syntax.get(), source);
    }
    if (locations.documents() == 0) {
      return new ConfigProblem(source, 0, 0, "", "the file is empty");
    }
    JsonParseException duplicate = duplicateKey(e);
    if (duplicate != null && duplicate.getProcessor() != null) {
      return duplicateKey(duplicate.getProcessor(), source, locations);
    }
    SourceLocations.Position at = SourceLocations.Position.of(e.getLocation());
    if (locations.documents() > 1) {
      return new ConfigProblem(
          source,
          at.line(),
          at.column(),
          "",
          "the file holds more than one YAML document; put every setting in one");
    }
    return new ConfigProblem(source, at.line(), at.column(), "", firstLine(e.getOriginalMessage()));
  }

  private static JsonParseException duplicateKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JsonParseException parse
          && parse.getOriginalMessage().startsWith("Duplicate field")) {
        return parse;
      }
    }
    return null;
  }

  private static ConfigProblem duplicateKey(
      JsonParser parser, String source, SourceLocations locations) {
    JsonStreamContext context = parser.getParsingContext();
    String path = DocumentPath.of(context);
    SourceLocations.Position at = SourceLocations.Position.of(parser.currentTokenLocation());
    String first =
        locations
            .key(path)
            .map(p -> " (first at line " + p.line() + ", column " + p.column() + ")")
            .orElse("");
    return new ConfigProblem(
        source,
        at.line(),
        at.column(),
        path,
        "key '" + context.getCurrentName() + "' appears twice in one mapping" + first);
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\n');
    return end < 0 ? text : text.substring(0, end);
  }
}
