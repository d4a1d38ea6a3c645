package io.twistd.runtime;

/** The runtime could not start; the message names the service, the endpoint and the cause. */
public final class StartupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
