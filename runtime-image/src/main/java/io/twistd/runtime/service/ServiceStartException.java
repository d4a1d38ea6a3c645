package io.twistd.runtime.service;

/** A service failed to start; names the deepest service that failed and keeps the cause. */
public final class ServiceStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String servicePath;

  /**
   * @param service the service that failed
   * @param cause why
   */
  public ServiceStartException(Service service, Throwable cause) {
    super("service '" + label(service) + "' failed to start: " + cause.getMessage(), cause);
    this.servicePath = label(service);
  }

  /** The failed service's path, e.g. {@code jobs/tick}. */
  public String servicePath() {
    return servicePath;
  }

  private static String label(Service service) {
    String path = service.path();
    return path.isEmpty() ? service.name() : path;
  }
}
