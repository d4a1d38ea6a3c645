package io.twistd.runtime.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.twistd.api.config.ServiceDefinition;
import io.twistd.runtime.config.SharedConfig;
import io.twistd.runtime.config.TreeBuilder;
import io.twistd.runtime.net.ListeningService;
import io.twistd.runtime.net.Transport;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceMakers;
import io.twistd.runtime.service.Service;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes and starts single services for tests, on loopback with system-chosen ports, and stops them
 * and the event loops at {@link #close()}. Use one per test (e.g. from {@code @BeforeEach}).
 */
public final class ServiceFixture implements AutoCloseable {

  private final Transport transport;
  private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final SharedConfig config;
  private final Path baseDirectory;
  private final ServiceMakers makers = ServiceMakers.discover();
  private final List<Service> started = new ArrayList<>();
  private final TreeBuilder builder;
  private final ServiceContext context;

  /** A fixture whose relative paths resolve against {@code baseDirectory}. */
  public ServiceFixture(Path baseDirectory, Map<String, Object> appConfig) {
    this(baseDirectory, appConfig, true);
  }

  private ServiceFixture(Path baseDirectory, Map<String, Object> appConfig, boolean nativeEpoll) {
    this.transport = Transport.create(2, nativeEpoll);
    this.baseDirectory = baseDirectory;
    this.config = new SharedConfig(appConfig);
    this.builder =
        new TreeBuilder(
            makers,
            factory -> new ServiceContext(transport, metrics, config, baseDirectory, factory));
    this.context = builder.context();
  }

  public ServiceFixture(Path baseDirectory) {
    this(baseDirectory, Map.of());
  }

  /** A fixture on the NIO transport, where the native one is the default. */
  public static ServiceFixture onNio(Path baseDirectory) {
    return new ServiceFixture(baseDirectory, Map.of(), false);
  }

  public ServiceContext context() {
    return context;
  }

  public SimpleMeterRegistry metrics() {
    return metrics;
  }

  public SharedConfig sharedConfig() {
    return config;
  }

  /**
   * Makes a service of {@code type} named {@code name} listening on {@code listen} (e.g. {@code
   * tcp:0:interface=127.0.0.1}) with {@code options}, through the type's registered maker; does not
   * start it.
   */
  public Service make(String type, String name, List<String> listen, Map<String, ?> options) {
    ServiceDefinition definition = new ServiceDefinition();
    definition.setType(type);
    definition.setName(name);
    definition.setListen(new ArrayList<>(listen));
    definition.setOptions(new LinkedHashMap<>(options));
    return builder.make(definition, "");
  }

  /** Makes and starts a service listening on one loopback port chosen by the system. */
  public Service start(String type, String name, Map<String, ?> options) {
    Service service = make(type, name, List.of("tcp:0:interface=127.0.0.1"), options);
    return start(service);
  }

  /** Starts {@code service} (privileged start, then start) and registers it for stopping. */
  public Service start(Service service) {
    service.privilegedStart().thenCompose(ignored -> service.start()).join();
    started.add(service);
    return service;
  }

  /** The first bound address of a started listening service. */
  public static InetSocketAddress address(Service service) {
    return (InetSocketAddress) ((ListeningService) service).boundAddresses().get(0);
  }

  public Path baseDirectory() {
    return baseDirectory;
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      started.get(i).stop().join();
    }
    transport.close();
  }
}
