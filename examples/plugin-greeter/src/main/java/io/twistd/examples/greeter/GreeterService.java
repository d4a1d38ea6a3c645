package io.twistd.examples.greeter;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.twistd.runtime.net.ListeningService;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceSettings;
import java.nio.charset.StandardCharsets;

/**
 * The greeter's listening service: splits each connection's input into UTF-8 lines of at most
 * {@value #MAX_LINE_LENGTH} bytes and hands them to the shared {@link GreeterHandler}.
 */
public final class GreeterService extends ListeningService {

  /** The longest line accepted, in bytes; a longer one closes the connection. */
  public static final int MAX_LINE_LENGTH = 1024;

  private static final StringDecoder DECODER = new StringDecoder(StandardCharsets.UTF_8);
  private static final StringEncoder ENCODER = new StringEncoder(StandardCharsets.UTF_8);

  private final GreeterHandler handler;

  /**
   * @param settings the service's settings
   * @param context the runtime's shared context
   * @param handler the protocol handler, shared by every connection
   */
  public GreeterService(ServiceSettings settings, ServiceContext context, GreeterHandler handler) {
    super(settings, context);
    this.handler = handler;
  }

  @Override
  protected void initProtocol(Channel channel, ChannelPipeline pipeline) {
    pipeline.addLast("lines", new LineBasedFrameDecoder(MAX_LINE_LENGTH)); // keeps state: one each
    pipeline.addLast("decoder", DECODER);
    pipeline.addLast("encoder", ENCODER);
    pipeline.addLast("greeter", handler);
  }
}
