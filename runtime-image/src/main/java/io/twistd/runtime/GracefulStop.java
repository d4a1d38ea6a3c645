package io.twistd.runtime;

import io.twistd.api.config.Durations;
import io.twistd.runtime.net.ListeningService;
import io.twistd.runtime.service.Application;
import io.twistd.runtime.service.MultiService;
import io.twistd.runtime.service.Service;
import io.twistd.runtime.service.ServiceState;
import io.twistd.runtime.service.ServiceStopException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shutdown sequence after readiness has turned false: wait the drain delay, close every
 * listener in the tree, then stop the services in reverse order, all within the grace period.
 */
final class GracefulStop {

  private static final Logger log = LoggerFactory.getLogger(GracefulStop.class);

  private final Application application;
  private final Duration drainDelay;
  private final Duration gracePeriod;

  GracefulStop(Application application, Duration drainDelay, Duration gracePeriod) {
    this.application = application;
    this.drainDelay = drainDelay;
    this.gracePeriod = gracePeriod;
  }

  CompletableFuture<ShutdownReport> run() {
    application.setStopTimeout(gracePeriod);
    return CompletableFuture.runAsync(
            () -> {},
            CompletableFuture.delayedExecutor(drainDelay.toMillis(), TimeUnit.MILLISECONDS))
        .thenCompose(ignored -> closeAllListeners())
        .thenCompose(ignored -> application.stop())
        .orTimeout(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)
        .handle((ok, error) -> report(error));
  }

  private CompletableFuture<Void> closeAllListeners() {
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    forEachService(
        application,
        service -> {
          if (service instanceof ListeningService listening) {
            closing.add(listening.closeListeners());
          }
        });
    return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
  }

  private ShutdownReport report(Throwable error) {
    if (error == null) {
      log.info("all services of '{}' stopped", application.name());
      return ShutdownReport.ok();
    }
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    List<String> problems = new ArrayList<>();
    if (cause instanceof ServiceStopException stop) {
      for (ServiceStopException.Failure failure : stop.failures()) {
        problems.add(
            failure.cause() instanceof TimeoutException
                ? late(failure.servicePath())
                : failure.toString());
      }
    } else if (cause instanceof TimeoutException) {
      forEachService(
          application,
          service -> {
            if (service.state() == ServiceState.STOPPING && !(service instanceof MultiService)) {
              problems.add(
                  "'"
                      + service.path()
                      + "': did not stop within the grace period of "
                      + Durations.format(gracePeriod));
            }
          });
      if (problems.isEmpty()) {
        problems.add(
            "the services did not stop within the grace period of "
                + Durations.format(gracePeriod));
      }
    } else {
      problems.add(String.valueOf(cause.getMessage()));
    }
    problems.forEach(problem -> log.error("service did not stop cleanly: {}", problem));
    return new ShutdownReport(false, problems);
  }

  private String late(String servicePath) {
    return "'"
        + servicePath
        + "': did not stop within the grace period of "
        + Durations.format(gracePeriod);
  }

  private static void forEachService(
      MultiService parent, java.util.function.Consumer<Service> action) {
    for (Service child : parent.services()) {
      action.accept(child);
      if (child instanceof MultiService multi) {
        forEachService(multi, action);
      }
    }
  }
}
