package io.twistd.runtime.service;

import java.util.List;
import java.util.stream.Collectors;

/** One or more services failed to stop, or did not stop in time; lists every one of them. */
public final class ServiceStopException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * One service's stop failure.
   *
   * @param servicePath the service's path, e.g. {@code jobs/tick}
   * @param cause why it failed, a {@link java.util.concurrent.TimeoutException} when it timed out
   */
  public record Failure(String servicePath, Throwable cause) {
    Failure(Service service, Throwable cause) {
      this(service.path().isEmpty() ? service.name() : service.path(), cause);
    }

    @Override
    public String toString() {
      return "'" + servicePath + "': " + cause.getMessage();
    }
  }

  private final transient List<Failure> failures;

  ServiceStopException(List<Failure> failures) {
    super(
        failures.size()
            + (failures.size() == 1 ? " service" : " services")
            + " failed to stop: "
            + failures.stream().map(Failure::toString).collect(Collectors.joining("; ")));
    this.failures = List.copyOf(failures);
  }

  /** Every failure, in stop order. */
  public List<Failure> failures() {
    return failures;
  }
}
