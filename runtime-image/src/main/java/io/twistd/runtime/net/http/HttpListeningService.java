package io.twistd.runtime.net.http;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.http.HttpServerCodec;
import io.twistd.runtime.net.ListeningService;
import io.twistd.runtime.net.NettyFutures;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceSettings;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ListeningService} that speaks HTTP/1.1. It puts the server codec and an exchange tracker
 * in every connection's pipeline, before the subclass's handlers ({@link #initHttp}); the tracker
 * handles keep-alive and closing for the subclass, counts requests in {@code twistd.http.requests}
 * (tags {@code service}, {@code status}), and makes the drain graceful:
 *
 * <ul>
 *   <li>a connection with no request in progress closes at once;
 *   <li>a connection with a request in progress finishes that response, sent with {@code
 *       Connection: close} when its headers have not gone out yet, and then closes;
 *   <li>the drain completes when every connection open at its start has closed.
 * </ul>
 *
 * <p>The drain has no deadline of its own: the parent's stop timeout bounds it.
 */
public abstract class HttpListeningService extends ListeningService {

  /** The pipeline name of the HTTP server codec. */
  public static final String CODEC = "http";

  /** The pipeline name of the exchange tracker, right after the codec. */
  public static final String EXCHANGES = "exchanges";

  /** The pipeline name of the TLS handler, present when the endpoint is {@code ssl:}. */
  public static final String TLS = "tls";

  private static final Logger log = LoggerFactory.getLogger(HttpListeningService.class);

  private final HttpRequestMetrics requests;
  private volatile boolean draining;

  protected HttpListeningService(ServiceSettings settings, ServiceContext context) {
    super(settings, context);
    this.requests = new HttpRequestMetrics(context.metrics(), settings.path());
  }

  /**
   * Adds the service's HTTP handlers after the codec and the exchange tracker. They receive {@code
   * HttpObject}s and write responses; the tracker closes the connection when a response ends it, so
   * handlers need not. Called on the connection's event loop.
   */
  protected abstract void initHttp(Channel channel, ChannelPipeline pipeline);

  /** Whether {@code pipeline} belongs to a TLS connection. */
  public static boolean isTls(ChannelPipeline pipeline) {
    return pipeline.get(TLS) != null;
  }

  @Override
  protected final void initProtocol(Channel channel, ChannelPipeline pipeline) {
    pipeline.addLast(CODEC, new HttpServerCodec());
    pipeline.addLast(EXCHANGES, new HttpExchangeTracker(requests, () -> draining));
    initHttp(channel, pipeline);
  }

  @Override
  protected CompletableFuture<Void> doStart() {
    draining = false;
    return super.doStart();
  }

  @Override
  protected CompletableFuture<Void> drain() {
    draining = true;
    ChannelGroup open = connections().openConnections();
    log.debug("{}: draining {} HTTP connection(s)", settings().path(), open.size());
    CompletableFuture<Void> closed =
        NettyFutures.toCompletable(open.newCloseFuture()).thenApply(ignored -> null);
    for (Channel channel : open) {
      channel.eventLoop().execute(() -> closeIfIdle(channel));
    }
    return closed;
  }

  private static void closeIfIdle(Channel channel) {
    if (channel.pipeline().get(EXCHANGES) instanceof HttpExchangeTracker tracker) {
      tracker.closeIfIdle();
    } else {
      channel.close(); // closed already, or never got as far as HTTP
    }
  }
}
