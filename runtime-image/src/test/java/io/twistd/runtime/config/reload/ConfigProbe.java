package io.twistd.runtime.config.reload;

import io.twistd.api.validation.ServiceTypeSpec;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceMaker;
import io.twistd.runtime.plugin.ServiceMakers;
import io.twistd.runtime.plugin.ServiceSettings;
import io.twistd.runtime.service.AbstractService;
import io.twistd.runtime.service.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A test plugin type, {@code probe}: a service that records the {@code config:} snapshots it sees,
 * the one current at its start and every change after, as a plugin reading shared config would.
 */
final class ConfigProbe extends AbstractService {

  /** Makes probes; {@link #makers()} adds it to the built-in types. */
  static final class Maker implements ServiceMaker {
    @Override
    public ServiceTypeSpec spec() {
      return new ServiceTypeSpec(
          "probe",
          "Records the config section it sees",
          ServiceTypeSpec.Listening.NONE,
          false,
          List.of(),
          List.of());
    }

    @Override
    public Service makeService(ServiceSettings settings, ServiceContext context) {
      return new ConfigProbe(settings.name(), context);
    }
  }

  private final ServiceContext context;
  private final List<Map<String, Object>> seen = new CopyOnWriteArrayList<>();
  private final Consumer<Map<String, Object>> listener = seen::add;

  private ConfigProbe(String name, ServiceContext context) {
    super(name);
    this.context = context;
  }

  /** The built-in service types and {@code probe}. */
  static ServiceMakers makers() {
    List<ServiceMaker> makers = new ArrayList<>(ServiceMakers.discover().makers());
    makers.add(new Maker());
    return new ServiceMakers(makers);
  }

  /** Every snapshot seen, the one at start first. */
  List<Map<String, Object>> seen() {
    return seen;
  }

  @Override
  protected CompletableFuture<Void> doStart() {
    seen.add(context.config().current());
    context.config().onChange(listener);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  protected CompletableFuture<Void> doStop() {
    context.config().removeListener(listener);
    return CompletableFuture.completedFuture(null);
  }
}
