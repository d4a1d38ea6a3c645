package io.twistd.runtime.plugin;

import io.twistd.api.validation.ServiceTypeCatalog;
import io.twistd.api.validation.ServiceTypeSpec;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every {@link ServiceMaker} on the class path, built-in and plugin alike, found through {@link
 * ServiceLoader}. Also the {@link ServiceTypeCatalog} the runtime validates configs against.
 * Immutable once built.
 */
public final class ServiceMakers implements ServiceTypeCatalog {

  private final Map<String, ServiceMaker> byType;

  /**
   * @param makers the makers, in listing order
   * @throws IllegalStateException when two makers claim the same type
   */
  public ServiceMakers(List<ServiceMaker> makers) {
    Map<String, ServiceMaker> map = new LinkedHashMap<>();
    for (ServiceMaker maker : makers) {
      ServiceMaker previous = map.putIfAbsent(maker.spec().type(), maker);
      if (previous != null) {
        throw new IllegalStateException(
            "service type '"
                + maker.spec().type()
                + "' is claimed by both "
                + previous.getClass().getName()
                + " and "
                + maker.getClass().getName());
      }
    }
    this.byType = Map.copyOf(map);
    this.order = List.copyOf(map.values());
  }

  private final List<ServiceMaker> order;

  /** Finds the makers visible to {@code loader}. */
  public static ServiceMakers discover(ClassLoader loader) {
    return new ServiceMakers(
        ServiceLoader.load(ServiceMaker.class, loader).stream()
            .map(ServiceLoader.Provider::get)
            .toList());
  }

  /** Finds the makers visible to this class's loader. */
  public static ServiceMakers discover() {
    return discover(ServiceMakers.class.getClassLoader());
  }

  /** The maker of {@code type}, if any. */
  public Optional<ServiceMaker> maker(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  /** Every maker, in discovery order. */
  public List<ServiceMaker> makers() {
    return order;
  }

  @Override
  public Optional<ServiceTypeSpec> find(String type) {
    return maker(type).map(ServiceMaker::spec);
  }

  @Override
  public Collection<ServiceTypeSpec> all() {
    return order.stream().map(ServiceMaker::spec).toList();
  }
}
