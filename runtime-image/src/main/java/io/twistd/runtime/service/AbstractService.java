package io.twistd.runtime.service;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bookkeeping for a {@link Service}: name, parent and state. Subclasses implement {@link
 * #doStart()} and {@link #doStop()}; this class guarantees the state machine around them (a stop
 * while stopped is a no-op, a start while running is an error).
 */
public abstract class AbstractService implements Service {

  private final String name;
  private final AtomicReference<ServiceState> state = new AtomicReference<>(ServiceState.STOPPED);
  private volatile MultiService parent;

  /**
   * @param name the service's name, unique among its future siblings
   */
  protected AbstractService(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final ServiceState state() {
    return state.get();
  }

  @Override
  public final Optional<MultiService> parent() {
    return Optional.ofNullable(parent);
  }

  @Override
  public void setServiceParent(MultiService newParent) {
    if (parent != null) {
      disownServiceParent();
    }
    newParent.addService(this);
  }

  @Override
  public CompletableFuture<Void> disownServiceParent() {
    MultiService current = parent;
    if (current == null) {
      return CompletableFuture.completedFuture(null);
    }
    return current.removeService(this);
  }

  /** Called by {@link MultiService} only, to keep both sides of the link in step. */
  final void attachTo(MultiService newParent) {
    this.parent = newParent;
  }

  @Override
  public CompletableFuture<Void> privilegedStart() {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public final CompletableFuture<Void> start() {
    ServiceState before = state.get();
    if ((before != ServiceState.STOPPED && before != ServiceState.FAILED)
        || !state.compareAndSet(before, ServiceState.STARTING)) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("service '" + name + "' cannot start while " + before));
    }
    return invoke(this::doStart)
        .whenComplete(
            (ok, error) -> state.set(error == null ? ServiceState.RUNNING : ServiceState.FAILED));
  }

  @Override
  public final CompletableFuture<Void> stop() {
    if (!state.compareAndSet(ServiceState.RUNNING, ServiceState.STOPPING)) {
      return CompletableFuture.completedFuture(null);
    }
    return invoke(this::doStop).whenComplete((ok, error) -> state.set(ServiceState.STOPPED));
  }

  private static CompletableFuture<Void> invoke(
      java.util.function.Supplier<CompletableFuture<Void>> step) {
    try {
      return Objects.requireNonNull(step.get(), "a lifecycle step returned null");
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Acquires resources and begins serving. Runs once per start, after {@link #privilegedStart()}.
   * On failure, release whatever was acquired before completing exceptionally.
   */
  protected abstract CompletableFuture<Void> doStart();

  /** Releases resources. Runs once per successful start. */
  protected abstract CompletableFuture<Void> doStop();

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + name + ", " + state.get() + "]";
  }
}
