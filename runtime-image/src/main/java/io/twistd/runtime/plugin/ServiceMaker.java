package io.twistd.runtime.plugin;

import io.twistd.api.validation.ServiceTypeSpec;
import io.twistd.runtime.service.Service;

/**
 * Makes services of one type, after Twisted's {@code IServiceMaker}. Built-in types and plugins
 * implement it; plugins are found with {@link java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/io.twistd.runtime.plugin.ServiceMaker}).
 *
 * <p>Implementations must have a public no-argument constructor and be thread-safe.
 */
public interface ServiceMaker {

  /**
   * The type this maker makes: its name (used in {@code type:}), description, whether it listens,
   * and its options. Validation and the one-service CLI are generated from it.
   */
  ServiceTypeSpec spec();

  /**
   * Makes a service, not yet started. {@code settings} have passed validation against {@link
   * #spec()}: required options are present and every option has the declared type.
   *
   * @throws IllegalArgumentException when the settings cannot make a service (a message for the
   *     user, naming the option)
   */
  Service makeService(ServiceSettings settings, ServiceContext context);
}
