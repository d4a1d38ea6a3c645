package io.twistd.runtime.builtin.portforward;

import io.twistd.api.validation.BuiltinServiceTypes;
import io.twistd.api.validation.ServiceTypeSpec;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceMaker;
import io.twistd.runtime.plugin.ServiceOptions;
import io.twistd.runtime.plugin.ServiceSettings;
import io.twistd.runtime.service.Service;

/** Makes {@code portforward} services: {@link BuiltinServiceTypes#PORTFORWARD}. */
public final class PortForwardServiceMaker implements ServiceMaker {

  @Override
  public ServiceTypeSpec spec() {
    return BuiltinServiceTypes.PORTFORWARD;
  }

  @Override
  public Service makeService(ServiceSettings settings, ServiceContext context) {
    ServiceOptions options = settings.options();
    int port = options.integer("port");
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException(
          "option 'port' of '" + settings.path() + "' must be 1 to 65535, got " + port);
    }
    String host = options.string("host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("option 'host' of '" + settings.path() + "' is empty");
    }
    return new PortForwardService(
        settings, context, host, port, options.duration("connectTimeout"));
  }
}
