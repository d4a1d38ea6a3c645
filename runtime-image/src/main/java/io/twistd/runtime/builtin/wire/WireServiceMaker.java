package io.twistd.runtime.builtin.wire;

import io.netty.channel.ChannelHandler;
import io.twistd.api.validation.ServiceTypeSpec;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceMaker;
import io.twistd.runtime.plugin.ServiceOptions;
import io.twistd.runtime.plugin.ServiceSettings;
import io.twistd.runtime.service.Service;
import java.util.function.Function;

/**
 * The shared shape of the RFC protocol makers: a type spec and how to make the protocol's {@link
 * ChannelHandler.Sharable} handler from the service's options. Each subclass only names those two.
 */
public abstract class WireServiceMaker implements ServiceMaker {

  private final ServiceTypeSpec spec;
  private final Function<ServiceOptions, ChannelHandler> protocol;

  /**
   * @param spec the type this maker makes
   * @param protocol makes the handler shared by every connection of one service
   */
  protected WireServiceMaker(
      ServiceTypeSpec spec, Function<ServiceOptions, ChannelHandler> protocol) {
    this.spec = spec;
    this.protocol = protocol;
  }

  @Override
  public final ServiceTypeSpec spec() {
    return spec;
  }

  @Override
  public final Service makeService(ServiceSettings settings, ServiceContext context) {
    return new WireService(settings, context, protocol.apply(settings.options()));
  }
}
