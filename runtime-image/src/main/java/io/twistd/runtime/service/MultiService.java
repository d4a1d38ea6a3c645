package io.twistd.runtime.service;

import io.twistd.api.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A service made of child services, after {@code twisted.application.service.MultiService}.
 *
 * <ul>
 *   <li>Children start in the order they were added, each after the previous one has started.
 *   <li>If a child fails to start, the children already started are stopped in reverse order and
 *       the start fails with a {@link ServiceStartException} naming the child.
 *   <li>Children stop in reverse order; only children that are running are stopped; each stop is
 *       bounded by {@link #stopTimeout()}; the stop completes when every child's stop has, and
 *       fails with a {@link ServiceStopException} listing every child that failed.
 *   <li>A child added while this service runs starts at once.
 *   <li>A child replaced while this service runs ({@link #replaceService}) hands over to its
 *       replacement: the replacement starts before the child it replaces stops.
 * </ul>
 */
public class MultiService extends AbstractService {

  /** The default bound on each child's stop. */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Map<String, Service> children = new LinkedHashMap<>();
  private volatile Duration stopTimeout = DEFAULT_STOP_TIMEOUT;

  public MultiService(String name) {
    super(name);
  }

  /** How long each child's stop may take before it is reported as timed out. */
  public Duration stopTimeout() {
    return stopTimeout;
  }

  /** Sets the bound on each child's stop, for this service and not its descendants. */
  public void setStopTimeout(Duration stopTimeout) {
    this.stopTimeout = stopTimeout;
  }

  /**
   * Adds {@code child} as the last child. When this service is running the child starts at once.
   *
   * @return completes when the child has started (at once when this service is not running)
   * @throws IllegalArgumentException when a child of the same name exists
   */
  public CompletableFuture<Void> addService(Service child) {
    synchronized (children) {
      if (children.containsKey(child.name())) {
        throw new IllegalArgumentException(
            "a service named '" + child.name() + "' already exists in '" + describe() + "'");
      }
      children.put(child.name(), child);
    }
    if (child instanceof AbstractService abstractChild) {
      abstractChild.attachTo(this);
    }
    if (state() != ServiceState.RUNNING && state() != ServiceState.STARTING) {
      return CompletableFuture.completedFuture(null);
    }
    return child
        .privilegedStart()
        .thenCompose(ignored -> child.start())
        .exceptionallyCompose(
            error ->
                CompletableFuture.failedFuture(new ServiceStartException(child, unwrap(error))));
  }

  /**
   * Removes {@code child}, stopping it first when it runs.
   *
   * @return completes when the child has stopped
   * @throws NoSuchElementException when it is not a child of this service
   */
  public CompletableFuture<Void> removeService(Service child) {
    synchronized (children) {
      if (children.get(child.name()) != child) {
        throw new NoSuchElementException(
            "'" + child.name() + "' is not a child of '" + describe() + "'");
      }
      children.remove(child.name());
    }
    if (child instanceof AbstractService abstractChild) {
      abstractChild.attachTo(null);
    }
    return child.stop();
  }

  /**
   * Puts {@code replacement} in the place of {@code current}, which it replaces under the same name
   * and at the same position. When this service runs, the replacement starts first, while {@code
   * current} still serves, and {@code current} stops only once the replacement runs; if the
   * replacement fails to start, {@code current} stays in place, untouched.
   *
   * @return completes when the replacement runs and {@code current} has stopped; fails with a
   *     {@link ServiceStartException} when the replacement could not start
   * @throws NoSuchElementException when {@code current} is not a child of this service
   * @throws IllegalArgumentException when the two names differ
   */
  public CompletableFuture<Void> replaceService(Service current, Service replacement) {
    if (!current.name().equals(replacement.name())) {
      throw new IllegalArgumentException(
          "a replacement must have the name of the service it replaces: '"
              + replacement.name()
              + "' is not '"
              + current.name()
              + "'");
    }
    requireChild(current);
    if (replacement instanceof AbstractService abstractReplacement) {
      abstractReplacement.attachTo(this);
    }
    CompletableFuture<Void> started =
        state() == ServiceState.RUNNING || state() == ServiceState.STARTING
            ? replacement.privilegedStart().thenCompose(ignored -> replacement.start())
            : CompletableFuture.completedFuture(null);
    return started
        .exceptionallyCompose(
            error -> {
              if (replacement instanceof AbstractService abstractReplacement) {
                abstractReplacement.attachTo(null);
              }
              return CompletableFuture.failedFuture(
                  new ServiceStartException(replacement, unwrap(error)));
            })
        .thenCompose(
            ignored -> {
              synchronized (children) {
                children.put(current.name(), replacement); // keeps the position
              }
              if (current instanceof AbstractService abstractCurrent) {
                abstractCurrent.attachTo(null);
              }
              return current.stop();
            });
  }

  /**
   * Rearranges the children into the order of {@code names}, which must name every child exactly
   * once. Nothing starts or stops; the new order is the one later stops go by (in reverse).
   *
   * @throws IllegalArgumentException when {@code names} is not exactly the children's names
   */
  public void reorder(List<String> names) {
    synchronized (children) {
      if (names.size() != children.size() || !children.keySet().containsAll(names)) {
        throw new IllegalArgumentException(
            "cannot reorder '"
                + describe()
                + "' as "
                + names
                + ": its children are "
                + children.keySet());
      }
      Map<String, Service> before = new LinkedHashMap<>(children);
      children.clear();
      names.forEach(name -> children.put(name, before.get(name)));
    }
  }

  private void requireChild(Service child) {
    synchronized (children) {
      if (children.get(child.name()) != child) {
        throw new NoSuchElementException(
            "'" + child.name() + "' is not a child of '" + describe() + "'");
      }
    }
  }

  /**
   * The child named {@code name}.
   *
   * @throws NoSuchElementException when there is none; the message lists the children
   */
  public Service getServiceNamed(String name) {
    synchronized (children) {
      Service child = children.get(name);
      if (child == null) {
        throw new NoSuchElementException(
            "no service named '"
                + name
                + "' in '"
                + describe()
                + "' (children: "
                + String.join(", ", children.keySet())
                + ")");
      }
      return child;
    }
  }

  /** The children in start order; a snapshot. */
  public List<Service> services() {
    synchronized (children) {
      return List.copyOf(children.values());
    }
  }

  @Override
  public CompletableFuture<Void> privilegedStart() {
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (Service child : services()) {
      chain =
          chain.thenCompose(
              ignored ->
                  child
                      .privilegedStart()
                      .exceptionallyCompose(
                          error ->
                              CompletableFuture.failedFuture(
                                  new ServiceStartException(child, unwrap(error)))));
    }
    return chain;
  }

  @Override
  protected CompletableFuture<Void> doStart() {
    List<Service> started = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (Service child : services()) {
      chain = chain.thenCompose(ignored -> child.start().thenRun(() -> started.add(child)));
    }
    return chain.exceptionallyCompose(
        error -> {
          Throwable cause = unwrap(error);
          Service failed = failedChild(started);
          return stopInReverse(List.copyOf(started))
              .handle((ok, stopError) -> null)
              .thenCompose(
                  ignored ->
                      CompletableFuture.failedFuture(
                          cause instanceof ServiceStartException
                              ? cause
                              : new ServiceStartException(failed, cause)));
        });
  }

  private Service failedChild(List<Service> started) {
    List<Service> all = services();
    return all.stream().filter(s -> !started.contains(s)).findFirst().orElse(this);
  }

  @Override
  protected CompletableFuture<Void> doStop() {
    return stopInReverse(services());
  }

  private CompletableFuture<Void> stopInReverse(List<Service> candidates) {
    List<Service> reversed = new ArrayList<>(candidates);
    Collections.reverse(reversed);
    List<ServiceStopException.Failure> failures = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (Service child : reversed) {
      chain = chain.thenCompose(ignored -> stopBounded(child, failures));
    }
    return chain.thenCompose(
        ignored ->
            failures.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new ServiceStopException(failures)));
  }

  private CompletableFuture<Void> stopBounded(
      Service child, List<ServiceStopException.Failure> failures) {
    if (child.state() != ServiceState.RUNNING) {
      return CompletableFuture.completedFuture(null);
    }
    Duration timeout = stopTimeout;
    return child
        .stop()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .handle(
            (ok, error) -> {
              if (error != null) {
                Throwable cause = unwrap(error);
                if (cause instanceof ServiceStopException nested) {
                  failures.addAll(nested.failures());
                } else if (cause instanceof TimeoutException) {
                  failures.add(
                      new ServiceStopException.Failure(
                          child,
                          new TimeoutException(
                              "did not stop within " + Durations.format(timeout))));
                } else {
                  failures.add(new ServiceStopException.Failure(child, cause));
                }
              }
              return null;
            });
  }

  private String describe() {
    return parent().isEmpty() ? name() : path();
  }

  static Throwable unwrap(Throwable error) {
    Throwable current = error;
    while (current instanceof CompletionException && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }
}
