package io.twistd.runtime.config.reload;

import io.twistd.api.config.ServiceDefinition;
import io.twistd.api.endpoint.ServerEndpoint;
import io.twistd.runtime.config.TreeBuilder;
import io.twistd.runtime.net.ListeningService;
import io.twistd.runtime.plugin.Reconfigurable;
import io.twistd.runtime.service.MultiService;
import io.twistd.runtime.service.Service;
import io.twistd.runtime.service.ServiceStartException;
import io.twistd.runtime.service.ServiceState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One change to a running tree, prepared: new services made, new options checked, nothing started
 * or changed yet. {@link ReloadSteps} prepares them from {@link TreeDiff.Change}s.
 *
 * <p>Steps run on the reload thread, one at a time.
 */
abstract class ReloadStep {

  private static final Logger log = LoggerFactory.getLogger(ReloadStep.class);

  private final String path;

  ReloadStep(String path) {
    this.path = path;
  }

  /** The path of the service this step changes. */
  final String path() {
    return path;
  }

  /** What this step does, e.g. {@code web: options changed in place}. */
  abstract String describe();

  /**
   * Puts the change in force; blocks until it is.
   *
   * @throws RuntimeException when it failed, leaving this service as it was before the step
   */
  abstract void commit();

  /** Releases what preparing made, when the reload stops before this step commits. */
  void abandon() {}

  /** Starts {@code service} in {@code parent}, in last place. */
  static final class Add extends ReloadStep {
    private final MultiService parent;
    private final Service service;
    private final TreeBuilder builder;

    Add(String path, MultiService parent, Service service, TreeBuilder builder) {
      super(path);
      this.parent = parent;
      this.service = service;
      this.builder = builder;
    }

    @Override
    String describe() {
      return path() + ": added";
    }

    @Override
    void commit() {
      try {
        parent.addService(service).join();
      } catch (RuntimeException e) {
        if (parent.services().contains(service)) {
          parent.removeService(service).handle((ok, error) -> null).join();
        }
        builder.forget(service);
        throw e;
      }
    }

    @Override
    void abandon() {
      builder.forget(service);
    }
  }

  /** Changes a service in place: endpoints first (which may fail), then options (which cannot). */
  static final class Update extends ReloadStep {
    private final Service service;
    private final ServiceDefinition definition;
    private final List<ServerEndpoint> endpoints;
    private final Reconfigurable.Change options;
    private final TreeBuilder builder;

    /**
     * @param endpoints the new endpoints, or null when they stay
     * @param options the prepared options change, or null when they stay
     */
    Update(
        String path,
        Service service,
        ServiceDefinition definition,
        List<ServerEndpoint> endpoints,
        Reconfigurable.Change options,
        TreeBuilder builder) {
      super(path);
      this.service = service;
      this.definition = definition;
      this.endpoints = endpoints;
      this.options = options;
      this.builder = builder;
    }

    @Override
    String describe() {
      String what =
          endpoints != null && options != null
              ? "options and endpoints"
              : endpoints != null ? "endpoints" : "options";
      return path() + ": " + what + " changed in place";
    }

    @Override
    void commit() {
      if (endpoints != null) {
        ((ListeningService) service).relisten(endpoints).join();
      }
      if (options != null) {
        options.commit();
      }
      builder.redefine(service, definition);
    }
  }

  /** Replaces a service by a new one, which starts (taking over shared listeners) first. */
  static final class Replace extends ReloadStep {
    private final MultiService parent;
    private final Service current;
    private final Service replacement;
    private final String why;
    private final TreeBuilder builder;
    private final Duration stopTimeout;

    Replace(
        String path,
        MultiService parent,
        Service current,
        Service replacement,
        String why,
        TreeBuilder builder,
        Duration stopTimeout) {
      super(path);
      this.parent = parent;
      this.current = current;
      this.replacement = replacement;
      this.why = why;
      this.builder = builder;
      this.stopTimeout = stopTimeout;
    }

    @Override
    String describe() {
      return path() + ": replaced (" + why + ")";
    }

    @Override
    void commit() {
      if (current instanceof ListeningService old && replacement instanceof ListeningService next) {
        next.takeListenersOver(old);
      }
      try {
        awaitBounded(parent.replaceService(current, replacement), stopTimeout, path());
        if (parent.state() == ServiceState.RUNNING && replacement.state() != ServiceState.RUNNING) {
          throw new IllegalStateException("'" + path() + "': the replacement did not start");
        }
      } catch (RuntimeException e) {
        builder.forget(replacement);
        throw e;
      }
      builder.forget(current);
    }

    @Override
    void abandon() {
      builder.forget(replacement);
    }
  }

  /** Stops and removes a service; it drains first. A slow or failed stop is logged, not fatal. */
  static final class Remove extends ReloadStep {
    private final MultiService parent;
    private final Service service;
    private final TreeBuilder builder;
    private final Duration stopTimeout;

    Remove(
        String path,
        MultiService parent,
        Service service,
        TreeBuilder builder,
        Duration stopTimeout) {
      super(path);
      this.parent = parent;
      this.service = service;
      this.builder = builder;
      this.stopTimeout = stopTimeout;
    }

    @Override
    String describe() {
      return path() + ": removed";
    }

    @Override
    void commit() {
      CompletableFuture<Void> stopped = parent.removeService(service);
      builder.forget(service);
      awaitBounded(stopped, stopTimeout, path());
    }
  }

  /** Puts siblings in the new order. */
  static final class Reorder extends ReloadStep {
    private final MultiService parent;
    private final List<String> names;

    Reorder(String path, MultiService parent, List<String> names) {
      super(path.isEmpty() ? "(root)" : path);
      this.parent = parent;
      this.names = names;
    }

    @Override
    String describe() {
      return path() + ": children reordered " + names;
    }

    @Override
    void commit() {
      parent.reorder(names);
    }
  }

  /**
   * Waits for a start-then-stop future. A start failure is rethrown; a stop that fails or takes
   * longer than {@code timeout} is only logged: the old service goes on draining in the background.
   */
  private static void awaitBounded(CompletableFuture<Void> future, Duration timeout, String path) {
    try {
      future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof ServiceStartException start) {
        throw start;
      }
      log.warn("'{}': the old service did not stop cleanly: {}", path, cause.toString());
    }
  }
}
