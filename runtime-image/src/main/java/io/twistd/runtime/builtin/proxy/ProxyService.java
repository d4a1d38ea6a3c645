package io.twistd.runtime.builtin.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.twistd.runtime.net.http.HttpListeningService;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceSettings;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code proxy} service: an HTTP/1.1 reverse proxy to one upstream, after Twisted's {@code
 * ReverseProxyResource}. Request bodies are read whole, up to {@value #MAX_BODY_BYTES} bytes (413
 * beyond); responses stream through. Upstream connections are pooled per start and closed at stop,
 * after the drain has let in-flight exchanges finish.
 */
public final class ProxyService extends HttpListeningService {

  /** The largest request body forwarded: 8 MiB. */
  public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  private final Upstream upstream;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final int maxIdleConnections;
  private volatile ProxyRoute route;

  /**
   * @param settings the service's settings
   * @param context the runtime's shared context
   * @param upstream where to forward
   * @param connectTimeout how long connecting upstream may take
   * @param readTimeout the longest wait for the next piece of a response
   * @param maxIdleConnections how many idle upstream connections to keep
   */
  public ProxyService(
      ServiceSettings settings,
      ServiceContext context,
      Upstream upstream,
      Duration connectTimeout,
      Duration readTimeout,
      int maxIdleConnections) {
    super(settings, context);
    this.upstream = upstream;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.maxIdleConnections = maxIdleConnections;
  }

  /** Where this proxy forwards. */
  public Upstream upstream() {
    return upstream;
  }

  @Override
  protected CompletableFuture<Void> doStart() {
    UpstreamPool pool =
        new UpstreamPool(context().transport(), upstream, connectTimeout, maxIdleConnections);
    route = new ProxyRoute(settings().path(), upstream, pool, readTimeout);
    return super.doStart().whenComplete((ok, error) -> closeOnFailure(pool, error));
  }

  /** Drains first, so in-flight exchanges keep their upstream connections, then closes the pool. */
  @Override
  protected CompletableFuture<Void> doStop() {
    UpstreamPool pool = route.pool();
    CompletableFuture<Void> drained = super.doStop();
    return drained
        .handle((ok, error) -> null)
        .thenCompose(ignored -> pool.close())
        .thenCompose(ignored -> drained);
  }

  @Override
  protected void initHttp(Channel channel, ChannelPipeline pipeline) {
    pipeline.addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES));
    pipeline.addLast("proxy", new ProxyConnectionHandler(route, isTls(pipeline)));
  }

  private static void closeOnFailure(UpstreamPool pool, Throwable error) {
    if (error != null) {
      pool.close();
    }
  }
}
