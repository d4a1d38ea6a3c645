package io.twistd.runtime.builtin.portforward;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.twistd.runtime.net.ListeningService;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceSettings;
import java.time.Duration;

/**
 * Forwards every accepted connection to one destination, after Twisted's {@code portforward}.
 *
 * <p>An accepted connection reads nothing until its outbound connection to {@code host:port} is up
 * (it is made on the accepted connection's event loop); a failed or timed-out connect closes it.
 * From then on bytes flow both ways with backpressure (a side that cannot keep up stops the other
 * side's reading), a shut-down output on one side (FIN) is passed on to the other, and both close
 * when both directions have ended or either side closes.
 *
 * <p>On stop the listeners close, then every accepted connection closes after flushing, which
 * closes its outbound connection.
 */
public final class PortForwardService extends ListeningService {

  private final Bootstrap outbound;
  private final String destination;

  /**
   * @param settings the service's settings
   * @param context the runtime's shared context
   * @param host the destination host name or address, resolved at each connect
   * @param port the destination port
   * @param connectTimeout how long a connect to the destination may take
   */
  public PortForwardService(
      ServiceSettings settings,
      ServiceContext context,
      String host,
      int port,
      Duration connectTimeout) {
    super(settings, context);
    this.outbound =
        new Bootstrap()
            .channel(context.transport().socketChannel())
            .remoteAddress(host, port)
            .option(ChannelOption.AUTO_READ, false)
            .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .option(
                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
    this.destination = host + ":" + port;
  }

  @Override
  protected void initProtocol(Channel channel, ChannelPipeline pipeline) {
    // Read nothing until the outbound side can take it; Connector turns reading on.
    channel.config().setAutoRead(false);
    channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
    pipeline.addLast("connect", new Connector(outbound, destination));
  }
}
