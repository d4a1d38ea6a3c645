package io.twistd.runtime.plugin;

import io.micrometer.core.instrument.MeterRegistry;
import io.twistd.api.config.ServiceDefinition;
import io.twistd.runtime.config.SharedConfig;
import io.twistd.runtime.net.Transport;
import io.twistd.runtime.service.Service;
import java.nio.file.Path;

/**
 * What every service of a runtime shares: event loops, metrics, the application's free-form config,
 * the directory relative paths are read from, and a way to make child services.
 *
 * @param transport the shared event loops and channel classes
 * @param metrics where services register meters; tag them with the service path
 * @param config the {@code config:} section, current and on change
 * @param baseDirectory what relative file names in options and endpoints are relative to (the
 *     config file's directory)
 * @param factory makes services from definitions, for container types
 */
public record ServiceContext(
    Transport transport,
    MeterRegistry metrics,
    SharedConfig config,
    Path baseDirectory,
    ServiceFactory factory) {

  /** Makes a service from its definition; implemented by the runtime's tree builder. */
  @FunctionalInterface
  public interface ServiceFactory {
    /**
     * Makes the service for {@code definition}, whose parent has path {@code parentPath}.
     *
     * @throws IllegalArgumentException when the definition cannot make a service
     */
    Service make(ServiceDefinition definition, String parentPath);
  }
}
