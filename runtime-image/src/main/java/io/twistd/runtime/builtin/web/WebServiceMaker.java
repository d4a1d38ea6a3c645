package io.twistd.runtime.builtin.web;

import io.twistd.api.validation.BuiltinServiceTypes;
import io.twistd.api.validation.ServiceTypeSpec;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceMaker;
import io.twistd.runtime.plugin.ServiceOptions;
import io.twistd.runtime.plugin.ServiceSettings;
import io.twistd.runtime.service.Service;
import java.nio.file.Path;

/**
 * Makes {@code web} services. Options: {@code path} (the directory to serve; a relative path is
 * resolved against the config file's directory), {@code index} (default {@code index.html}) and
 * {@code listing} (default false).
 */
public final class WebServiceMaker implements ServiceMaker {

  @Override
  public ServiceTypeSpec spec() {
    return BuiltinServiceTypes.WEB;
  }

  /**
   * @throws IllegalArgumentException when {@code path} is not a directory or {@code index} is not a
   *     plain file name
   */
  @Override
  public Service makeService(ServiceSettings settings, ServiceContext context) {
    return new WebService(settings, context, site(settings.options(), context.baseDirectory()));
  }

  /**
   * The site that {@code options} describe, with a relative {@code path} resolved against {@code
   * baseDirectory}.
   *
   * @throws IllegalArgumentException when {@code path} is not a directory or {@code index} is not a
   *     plain file name
   */
  static WebSite site(ServiceOptions options, Path baseDirectory) {
    Path root = baseDirectory.resolve(options.string("path")).toAbsolutePath();
    return WebSite.of(root, options.string("index"), options.bool("listing"));
  }
}
