package io.twistd.api.validation;

/**
 * One problem found in a configuration.
 *
 * @param path where, in the config's own terms, e.g. {@code services[1].listen[0]}
 * @param message what is wrong and, where it helps, what would be right
 */
public record Violation(String path, String message) {

  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
