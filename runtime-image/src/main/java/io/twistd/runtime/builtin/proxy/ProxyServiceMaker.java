package io.twistd.runtime.builtin.proxy;

import io.twistd.api.validation.BuiltinServiceTypes;
import io.twistd.api.validation.ServiceTypeSpec;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceMaker;
import io.twistd.runtime.plugin.ServiceSettings;
import io.twistd.runtime.service.Service;

/**
 * Makes {@code proxy} services. Options: {@code upstream} (an http:// base URL; https upstreams are
 * refused), {@code connectTimeout} (5s), {@code readTimeout} (30s) and {@code maxIdleConnections}
 * (32).
 */
public final class ProxyServiceMaker implements ServiceMaker {

  @Override
  public ServiceTypeSpec spec() {
    return BuiltinServiceTypes.PROXY;
  }

  /**
   * @throws IllegalArgumentException when the upstream is not a plain http:// URL or {@code
   *     maxIdleConnections} is negative
   */
  @Override
  public Service makeService(ServiceSettings settings, ServiceContext context) {
    return new ProxyService(settings, context, ProxySettings.of(settings.options()));
  }
}
