package io.twistd.runtime.builtin.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.twistd.runtime.net.http.HttpListeningService;
import io.twistd.runtime.plugin.Reconfigurable;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceOptions;
import io.twistd.runtime.plugin.ServiceSettings;
import io.twistd.runtime.service.ServiceState;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code proxy} service: an HTTP/1.1 reverse proxy to one upstream, after Twisted's {@code
 * ReverseProxyResource}. Request bodies are read whole, up to {@value #MAX_BODY_BYTES} bytes (413
 * beyond); responses stream through. Upstream connections are pooled per start and closed at stop,
 * after the drain has let in-flight exchanges finish.
 *
 * <p>Every option can change in place ({@link Reconfigurable}): the new settings get a new pool,
 * and every exchange that begins afterwards, on new or kept-alive client connections alike, uses
 * them; the old pool closes its idle connections at once and each busy one when its exchange ends.
 */
public final class ProxyService extends HttpListeningService implements Reconfigurable {

  /** The largest request body forwarded: 8 MiB. */
  public static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

  private final Object routeLock = new Object();
  private volatile ProxySettings proxySettings;
  private volatile ProxyRoute route;

  /**
   * @param settings the service's settings
   * @param context the runtime's shared context
   * @param proxySettings where and how to forward
   */
  public ProxyService(
      ServiceSettings settings, ServiceContext context, ProxySettings proxySettings) {
    super(settings, context);
    this.proxySettings = proxySettings;
  }

  /** Where this proxy forwards. */
  public Upstream upstream() {
    return proxySettings.upstream();
  }

  /** The settings in force. */
  public ProxySettings proxySettings() {
    return proxySettings;
  }

  /**
   * @throws IllegalArgumentException when the upstream is not a plain http:// URL or {@code
   *     maxIdleConnections} is negative
   */
  @Override
  public Optional<Change> prepareReconfigure(ServiceOptions options) {
    ProxySettings next = ProxySettings.of(options);
    return Optional.of(() -> reroute(next));
  }

  private void reroute(ProxySettings next) {
    UpstreamPool old = null;
    synchronized (routeLock) {
      proxySettings = next;
      if (state() == ServiceState.RUNNING) {
        old = route.pool();
        route = newRoute(next);
      }
    }
    if (old != null) {
      old.close();
    }
  }

  @Override
  protected CompletableFuture<Void> doStart() {
    ProxyRoute started;
    synchronized (routeLock) {
      started = newRoute(proxySettings);
      route = started;
    }
    return super.doStart().whenComplete((ok, error) -> closeOnFailure(started.pool(), error));
  }

  private ProxyRoute newRoute(ProxySettings settings) {
    UpstreamPool pool =
        new UpstreamPool(
            context().transport(),
            settings.upstream(),
            settings.connectTimeout(),
            settings.maxIdleConnections());
    return new ProxyRoute(settings().path(), settings.upstream(), pool, settings.readTimeout());
  }

  /** Drains first, so in-flight exchanges keep their upstream connections, then closes the pool. */
  @Override
  protected CompletableFuture<Void> doStop() {
    UpstreamPool pool;
    synchronized (routeLock) {
      pool = route.pool();
    }
    CompletableFuture<Void> drained = super.doStop();
    return drained
        .handle((ok, error) -> null)
        .thenCompose(ignored -> pool.close())
        .thenCompose(ignored -> drained);
  }

  @Override
  protected void initHttp(Channel channel, ChannelPipeline pipeline) {
    pipeline.addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES));
    pipeline.addLast("proxy", new ProxyConnectionHandler(() -> route, isTls(pipeline)));
  }

  private static void closeOnFailure(UpstreamPool pool, Throwable error) {
    if (error != null) {
      pool.close();
    }
  }
}
