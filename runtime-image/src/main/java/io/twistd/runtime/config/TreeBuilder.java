package io.twistd.runtime.config;

import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ServiceDefinition;
import io.twistd.api.endpoint.ServerEndpoint;
import io.twistd.api.endpoint.ServerEndpoints;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceMaker;
import io.twistd.runtime.plugin.ServiceMakers;
import io.twistd.runtime.plugin.ServiceOptions;
import io.twistd.runtime.plugin.ServiceSettings;
import io.twistd.runtime.service.Application;
import io.twistd.runtime.service.Service;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a validated {@link AppConfig} into a service tree: an {@link Application} whose children
 * are made by each type's {@link ServiceMaker}. Nothing is started here.
 */
public final class TreeBuilder implements ServiceContext.ServiceFactory {

  private final ServiceMakers makers;
  private final Function<ServiceContext.ServiceFactory, ServiceContext> contextFactory;
  private ServiceContext context;
  private final Map<Service, String> types = Collections.synchronizedMap(new IdentityHashMap<>());

  /**
   * @param makers the known service types
   * @param contextFactory makes the shared context, given this builder as its service factory
   */
  public TreeBuilder(
      ServiceMakers makers,
      Function<ServiceContext.ServiceFactory, ServiceContext> contextFactory) {
    this.makers = makers;
    this.contextFactory = contextFactory;
  }

  /** The context handed to every maker. */
  public synchronized ServiceContext context() {
    if (context == null) {
      context = contextFactory.apply(this);
    }
    return context;
  }

  /**
   * Builds the whole tree of {@code config}.
   *
   * @throws IllegalArgumentException when a maker refuses its settings
   */
  public Application build(AppConfig config) {
    Application application = new Application(config.getApplication());
    for (ServiceDefinition definition : config.getServices()) {
      application.addService(make(definition, ""));
    }
    return application;
  }

  @Override
  public Service make(ServiceDefinition definition, String parentPath) {
    ServiceMaker maker =
        makers
            .maker(definition.getType())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown service type '" + definition.getType() + "'"));
    String path =
        parentPath.isEmpty() ? definition.getName() : parentPath + "/" + definition.getName();
    List<ServerEndpoint> listen =
        definition.getListen().stream().map(ServerEndpoints::parse).toList();
    ServiceSettings settings =
        new ServiceSettings(
            definition.getName(),
            path,
            listen,
            ServiceOptions.of(maker.spec(), definition.getOptions()),
            definition.getServices());
    Service service = maker.makeService(settings, context());
    types.put(service, definition.getType());
    return service;
  }

  /** The configured type of a service this builder made, or null for others. */
  public String typeOf(Service service) {
    return types.get(service);
  }
}
