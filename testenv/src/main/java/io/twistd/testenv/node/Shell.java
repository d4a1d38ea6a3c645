package io.twistd.testenv.node;

/** Quoting for the POSIX shell scripts the process node runs. */
final class Shell {

  private Shell() {}

  /** {@code value} as one shell word, in single quotes. */
  static String quote(String value) {
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
