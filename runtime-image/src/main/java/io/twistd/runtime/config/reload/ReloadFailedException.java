package io.twistd.runtime.config.reload;

/**
 * A valid configuration could not be applied. The previous configuration still runs: either nothing
 * had changed yet, or what had changed was rolled back ({@link #rolledBack()} says whether the
 * rollback itself succeeded).
 */
public final class ReloadFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean rolledBack;

  /**
   * @param message what could not be applied, naming the service
   * @param rolledBack false only when undoing a partial change failed too, leaving the tree partly
   *     on the new configuration
   * @param cause the first failure
   */
  public ReloadFailedException(String message, boolean rolledBack, Throwable cause) {
    super(message, cause);
    this.rolledBack = rolledBack;
  }

  /** Whether the tree is back to the previous configuration (or never left it). */
  public boolean rolledBack() {
    return rolledBack;
  }
}
