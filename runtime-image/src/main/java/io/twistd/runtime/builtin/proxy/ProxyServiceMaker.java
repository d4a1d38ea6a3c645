package io.twistd.runtime.builtin.proxy;

import io.twistd.api.validation.BuiltinServiceTypes;
import io.twistd.api.validation.ServiceTypeSpec;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceMaker;
import io.twistd.runtime.plugin.ServiceOptions;
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
    ServiceOptions options = settings.options();
    Upstream upstream = Upstream.of(options.url("upstream"));
    int maxIdle = options.integer("maxIdleConnections");
    if (maxIdle < 0) {
      throw new IllegalArgumentException(
          "option 'maxIdleConnections' must be 0 or more, got " + maxIdle);
    }
    return new ProxyService(
        settings,
        context,
        upstream,
        options.duration("connectTimeout"),
        options.duration("readTimeout"),
        maxIdle);
  }
}
