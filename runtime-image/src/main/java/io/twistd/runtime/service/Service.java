package io.twistd.runtime.service;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A long-running piece of an application, after {@code twisted.application.service.IService}.
 *
 * <p>A service has a name, unique among its siblings, an optional parent and a {@link
 * ServiceState}. It is started by {@link #privilegedStart()} then {@link #start()}, and stopped by
 * {@link #stop()}. All three return futures: the step is done when the future completes, and has
 * failed when it completes exceptionally. Unlike Twisted's {@code startService}, starting may be
 * asynchronous.
 *
 * <p>Implementations are thread-safe: lifecycle calls may come from any thread, though a parent
 * never overlaps them for one child.
 */
public interface Service {

  /** The service's name, unique among its siblings. */
  String name();

  /** The service's current state. */
  ServiceState state();

  /** The parent this service belongs to, if any. */
  Optional<MultiService> parent();

  /**
   * The path of names from the root's child down to this service, joined by {@code /}, e.g. {@code
   * jobs/tick}; the root itself has an empty path.
   */
  default String path() {
    Optional<MultiService> parent = parent();
    if (parent.isEmpty() || parent.get().parent().isEmpty()) {
      return parent.isEmpty() ? "" : name();
    }
    return parent.get().path() + "/" + name();
  }

  /**
   * Makes {@code parent} this service's parent, leaving any previous parent first. If the parent is
   * running, this service starts at once.
   *
   * @throws IllegalArgumentException when the parent already has a child of this name
   */
  void setServiceParent(MultiService parent);

  /**
   * Removes this service from its parent; stops it first when it is running.
   *
   * @return completes when the service has stopped (at once when it was not running)
   */
  CompletableFuture<Void> disownServiceParent();

  /**
   * Does whatever needs privileges, before any {@link #start()}; e.g. binding a port below 1024.
   * The default does nothing. Called once per start.
   */
  CompletableFuture<Void> privilegedStart();

  /**
   * Starts the service. Completes when it serves; completes exceptionally when it could not start,
   * in which case it has released whatever it acquired and is {@link ServiceState#FAILED}.
   *
   * @throws IllegalStateException when it is not stopped or failed
   */
  CompletableFuture<Void> start();

  /**
   * Stops the service and releases what it holds. Idempotent: stopping a service that is not
   * running completes at once. Completes exceptionally when stopping failed; the service is {@link
   * ServiceState#STOPPED} either way.
   */
  CompletableFuture<Void> stop();
}
