package io.twistd.runtime.builtin.wire;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.twistd.runtime.net.ListeningService;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceSettings;

/**
 * A listening service that speaks one of the small RFC protocols of Twisted's {@code
 * twisted.protocols.wire}. Every connection gets the same {@link ChannelHandler.Sharable} protocol
 * handler, made once with the service; on stop, connections are closed after what was written has
 * been flushed (the default {@link ListeningService#drain()}).
 */
public final class WireService extends ListeningService {

  private final ChannelHandler protocol;

  /**
   * @param settings the service's settings
   * @param context the runtime's shared context
   * @param protocol the protocol handler, {@link ChannelHandler.Sharable} and stateless
   */
  public WireService(ServiceSettings settings, ServiceContext context, ChannelHandler protocol) {
    super(settings, context);
    this.protocol = protocol;
  }

  @Override
  protected void initProtocol(Channel channel, ChannelPipeline pipeline) {
    pipeline.addLast("protocol", protocol);
  }
}
