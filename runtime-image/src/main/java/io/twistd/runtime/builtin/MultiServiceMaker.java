package io.twistd.runtime.builtin;

import io.twistd.api.config.ServiceDefinition;
import io.twistd.api.validation.BuiltinServiceTypes;
import io.twistd.api.validation.ServiceTypeSpec;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceMaker;
import io.twistd.runtime.plugin.ServiceSettings;
import io.twistd.runtime.service.MultiService;
import io.twistd.runtime.service.Service;

/** Makes {@code multi} services: a nested {@link MultiService} holding its children. */
public final class MultiServiceMaker implements ServiceMaker {

  @Override
  public ServiceTypeSpec spec() {
    return BuiltinServiceTypes.MULTI;
  }

  @Override
  public Service makeService(ServiceSettings settings, ServiceContext context) {
    MultiService multi = new MultiService(settings.name());
    for (ServiceDefinition child : settings.children()) {
      multi.addService(context.factory().make(child, settings.path()));
    }
    return multi;
  }
}
