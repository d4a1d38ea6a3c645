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
import io.twistd.runtime.service.MultiService;
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
  private final Map<Service, ServiceDefinition> definitions =
      Collections.synchronizedMap(new IdentityHashMap<>());

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
    ServiceMaker maker = maker(definition);
    Service service = maker.makeService(settingsOf(definition, parentPath), context());
    definitions.put(service, definition);
    return service;
  }

  /**
   * The settings a maker would receive for {@code definition}: path, parsed endpoints, converted
   * options.
   *
   * @throws IllegalArgumentException when the type is unknown or an option or endpoint is invalid
   */
  public ServiceSettings settingsOf(ServiceDefinition definition, String parentPath) {
    ServiceMaker maker = maker(definition);
    String path =
        parentPath.isEmpty() ? definition.getName() : parentPath + "/" + definition.getName();
    List<ServerEndpoint> listen =
        definition.getListen().stream().map(ServerEndpoints::parse).toList();
    return new ServiceSettings(
        definition.getName(),
        path,
        listen,
        ServiceOptions.of(maker.spec(), definition.getOptions()),
        definition.getServices());
  }

  private ServiceMaker maker(ServiceDefinition definition) {
    return makers
        .maker(definition.getType())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown service type '" + definition.getType() + "'"));
  }

  /** The configured type of a service this builder made, or null for others. */
  public String typeOf(Service service) {
    ServiceDefinition definition = definitions.get(service);
    return definition == null ? null : definition.getType();
  }

  /**
   * The definition a service this builder made serves now: the one it was made from, or the one it
   * was last {@link #redefine redefined} with; null for services this builder did not make.
   */
  public ServiceDefinition definitionOf(Service service) {
    return definitions.get(service);
  }

  /** Records that {@code service} now serves {@code definition} (a reload changed it in place). */
  public void redefine(Service service, ServiceDefinition definition) {
    definitions.put(service, definition);
  }

  /** Forgets a service that left the tree, and its descendants. */
  public void forget(Service service) {
    definitions.remove(service);
    if (service instanceof MultiService multi) {
      multi.services().forEach(this::forget);
    }
  }
}
