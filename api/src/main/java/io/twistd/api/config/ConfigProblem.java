package io.twistd.api.config;

/**
 * One problem with a config file, located as precisely as the problem allows.
 *
 * @param source the file name (or another label for where the text came from)
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param path the path inside the document, e.g. {@code services[1].listen[0]}; empty for the
 *     document itself
 * @param message what is wrong
 */
public record ConfigProblem(String source, int line, int column, String path, String message) {

  /** Formats as {@code file:line:column: path: message}, leaving out the parts that are unknown. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(source);
    if (line > 0) {
      out.append(':').append(line).append(':').append(column);
    }
    out.append(": ");
    if (!path.isEmpty()) {
      out.append(path).append(": ");
    }
    return out.append(message).toString();
  }
}
