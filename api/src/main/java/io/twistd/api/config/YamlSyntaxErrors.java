package io.twistd.api.config;

import java.util.Optional;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns SnakeYAML's syntax errors into messages that say what is wrong in the user's terms, located
 * where the fix belongs: at an unclosed bracket or quote where it opens, otherwise where the parser
 * gave up.
 */
final class YamlSyntaxErrors {

  private static final String PREFIX = "YAML syntax error: ";

  private YamlSyntaxErrors() {}

  /** The syntax error among {@code e} and its causes, if there is one. */
  static Optional<MarkedYAMLException> find(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof MarkedYAMLException marked) {
        return Optional.of(marked);
      }
    }
    return Optional.empty();
  }

  static ConfigProblem problem(MarkedYAMLException e, String source) {
    String problem = e.getProblem() == null ? "" : e.getProblem();
    String context = e.getContext() == null ? "" : e.getContext();
    Mark opened = e.getContextMark();
    boolean atEnd = problem.contains("<stream end>") || problem.contains("end of stream");
    if (atEnd && opened != null) {
      String unclosed = unclosed(context);
      if (unclosed != null) {
        return at(source, opened, unclosed);
      }
    }
    if (problem.startsWith("could not find expected ':'") && opened != null) {
      return at(source, opened, "this line is not 'key: value'; is a ':' missing after the key?");
    }
    Mark where = e.getProblemMark() != null ? e.getProblemMark() : opened;
    return at(source, where, explain(problem, context, opened));
  }

  private static String unclosed(String context) {
    if (context.contains("flow sequence")) {
      return "this '[' is never closed with ']'";
    }
    if (context.contains("flow mapping")) {
      return "this '{' is never closed with '}'";
    }
    if (context.contains("quoted scalar")) {
      return "this quoted string is never closed";
    }
    return null;
  }

  private static String explain(String problem, String context, Mark opened) {
    if (problem.contains("\\t(TAB)")) {
      return "a tab cannot indent YAML; indent with spaces";
    }
    if (problem.startsWith("expected <block end>")) {
      return "this line is indented differently from the block it belongs to"
          + startingAt(" (the block that starts at ", opened, ")");
    }
    if (problem.startsWith("mapping values are not allowed here")) {
      return "a ':' is not allowed here; quote a value that contains ': ', or check the indentation";
    }
    if (problem.startsWith("expected ',' or ']'")) {
      return "expected ',' or ']' in the list"
          + startingAt(" opened at ", opened, "")
          + "; is a ']' missing?";
    }
    if (problem.startsWith("expected ',' or '}'")) {
      return "expected ',' or '}' in the mapping"
          + startingAt(" opened at ", opened, "")
          + "; is a '}' missing?";
    }
    String where = context.isEmpty() ? "" : " (" + context + startingAt(" at ", opened, "") + ")";
    return problem + where;
  }

  private static String startingAt(String before, Mark mark, String after) {
    return mark == null
        ? ""
        : before + "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + after;
  }

  private static ConfigProblem at(String source, Mark mark, String message) {
    int line = mark == null ? 0 : mark.getLine() + 1;
    int column = mark == null ? 0 : mark.getColumn() + 1;
    return new ConfigProblem(source, line, column, "", PREFIX + message);
  }
}
