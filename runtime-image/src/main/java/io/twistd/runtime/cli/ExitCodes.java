package io.twistd.runtime.cli;

/** The runtime's exit codes. */
final class ExitCodes {
  /** Ran and stopped cleanly, or the command succeeded. */
  static final int OK = 0;

  /** A service failed to start, or did not stop within the grace period. */
  static final int FAILURE = 1;

  /** The configuration or the command line is invalid. */
  static final int INVALID = 2;

  private ExitCodes() {}
}
