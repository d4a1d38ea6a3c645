package io.twistd.runtime.net;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.twistd.api.endpoint.ServerEndpoint;
import io.twistd.api.endpoint.SslEndpoint;
import io.twistd.api.endpoint.UnixEndpoint;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceSettings;
import io.twistd.runtime.service.AbstractService;
import io.twistd.runtime.service.ServiceState;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A service that listens on the endpoints of its {@code listen:} list, after Twisted's {@code
 * StreamServerEndpointService}. Subclasses give the protocol ({@link #initProtocol}); this class
 * binds every endpoint at start, adds TLS for {@code ssl:} endpoints, counts connections and bytes,
 * and on stop closes its listeners and then drains its connections ({@link #drain()}).
 *
 * <p>If any endpoint fails to bind, the ones already bound are closed and the start fails with a
 * message naming the service and the endpoint.
 *
 * <p>A live reload changes listeners without dropping a connection: {@link #relisten} binds new
 * endpoints before it closes the ones no longer wanted and leaves open connections alone; a
 * replacement service {@link #takeListenersOver takes over} the listening sockets of the service it
 * replaces for the endpoints they share, so those sockets never close. TCP listeners set {@code
 * SO_REUSEPORT}, so a new socket can bind a port whose old socket is still open.
 */
public abstract class ListeningService extends AbstractService {

  private final ServiceSettings settings;
  private final ServiceContext context;
  private final ConnectionMetrics connections;
  private final EndpointBinder binder;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile List<ServerEndpoint> endpoints;
  private volatile ListeningService predecessor;

  /**
   * One bound endpoint: its socket, its TLS context, and the acceptor that owns its connections.
   */
  private record Listener(
      ServerEndpoint endpoint, Channel channel, TlsContextSource tls, Acceptor acceptor) {}

  protected ListeningService(ServiceSettings settings, ServiceContext context) {
    super(settings.name());
    this.settings = settings;
    this.context = context;
    this.connections = new ConnectionMetrics(context.metrics(), settings.path());
    this.endpoints = settings.listen();
    this.binder = new EndpointBinder(context.transport(), context.baseDirectory());
  }

  /**
   * Adds this service's protocol handlers to a new connection's pipeline. Called on the
   * connection's event loop, after the metrics and TLS handlers are in place.
   */
  protected abstract void initProtocol(Channel channel, ChannelPipeline pipeline);

  /** The settings this service was made from. */
  protected final ServiceSettings settings() {
    return settings;
  }

  /** The runtime's shared context. */
  protected final ServiceContext context() {
    return context;
  }

  /** The endpoints this service listens on, as configured or last {@link #relisten relistened}. */
  public final List<ServerEndpoint> endpoints() {
    return endpoints;
  }

  /** The local addresses bound now, in endpoint order; ports are the real ones (for tcp:0). */
  public final List<SocketAddress> boundAddresses() {
    return listeners.stream().map(listener -> listener.channel().localAddress()).toList();
  }

  /** The TLS contexts of this service's {@code ssl:} endpoints, for reloading rotated files. */
  public final List<TlsContextSource> tlsSources() {
    return listeners.stream().map(Listener::tls).filter(Objects::nonNull).toList();
  }

  /** The connections open now. */
  protected final ConnectionMetrics connections() {
    return connections;
  }

  /**
   * Makes this service, at its next start, take over the listening sockets of {@code previous} for
   * every endpoint the two share, instead of binding new ones: connections accepted after the
   * takeover are this service's, those accepted before stay with {@code previous}. Call it before
   * starting a service that replaces a running one; if the start fails, {@code previous} keeps its
   * sockets.
   */
  public final void takeListenersOver(ListeningService previous) {
    this.predecessor = previous;
  }

  @Override
  protected CompletableFuture<Void> doStart() {
    connections.registerActiveGauge();
    ListeningService previous = predecessor;
    predecessor = null;
    List<Listener> inherited = previous == null ? List.of() : previous.listeners;
    List<ServerEndpoint> wanted = endpoints;
    List<Listener> bound = new ArrayList<>();
    List<Listener> next = new ArrayList<>();
    try {
      for (ServerEndpoint endpoint : wanted) {
        Listener reused = find(inherited, endpoint);
        Listener listener = reused != null ? reused : bind(endpoint);
        if (reused == null) {
          bound.add(listener);
        }
        next.add(listener);
      }
    } catch (RuntimeException e) {
      return close(bound).thenCompose(ignored -> CompletableFuture.failedFuture(e));
    }
    List<Listener> owned = new ArrayList<>();
    for (int i = 0; i < next.size(); i++) {
      Listener listener = next.get(i);
      if (!bound.contains(listener)) {
        previous.listeners.remove(listener);
        listener.acceptor().owner = this; // from now on, its connections are this service's
        if (!listener.endpoint().equals(wanted.get(i))) {
          listener = keepSocket(listener, (UnixEndpoint) wanted.get(i));
        }
      }
      owned.add(listener);
    }
    synchronized (listeners) {
      listeners.addAll(owned);
    }
    return CompletableFuture.completedFuture(null);
  }

  /**
   * Changes the endpoints while the service runs: binds every new endpoint first, then closes the
   * listeners of endpoints no longer wanted. Listeners of endpoints in both lists stay open, and no
   * open connection is touched. When the service is not running, only the endpoints of its next
   * start change.
   *
   * @param wanted the new endpoints
   * @return completes when the dropped listeners have closed
   * @throws IllegalStateException when a new endpoint cannot be bound; nothing has changed then
   */
  public final CompletableFuture<Void> relisten(List<ServerEndpoint> wanted) {
    synchronized (listeners) {
      if (state() != ServiceState.RUNNING) {
        endpoints = List.copyOf(wanted);
        return CompletableFuture.completedFuture(null);
      }
      List<Listener> bound = new ArrayList<>();
      List<Listener> next = new ArrayList<>();
      try {
        for (ServerEndpoint endpoint : wanted) {
          Listener kept = find(listeners, endpoint);
          if (kept == null) {
            kept = bind(endpoint);
            bound.add(kept);
          } else if (!kept.endpoint().equals(endpoint)) {
            kept = keepSocket(kept, (UnixEndpoint) endpoint);
          }
          next.add(kept);
        }
      } catch (RuntimeException e) {
        close(bound);
        throw e;
      }
      List<Listener> dropped = new ArrayList<>(listeners);
      dropped.removeIf(
          listener -> next.stream().anyMatch(kept -> kept.channel() == listener.channel()));
      listeners.clear();
      listeners.addAll(next);
      endpoints = List.copyOf(wanted);
      return close(dropped);
    }
  }

  /**
   * The listener among {@code candidates} whose socket serves {@code endpoint}, or null: one of an
   * equal endpoint, or, for a UNIX socket, one of the same path, since two sockets cannot share a
   * path.
   */
  private static Listener find(List<Listener> candidates, ServerEndpoint endpoint) {
    for (Listener candidate : candidates) {
      if (candidate.endpoint().equals(endpoint)
          || candidate.endpoint() instanceof UnixEndpoint old
              && endpoint instanceof UnixEndpoint wanted
              && old.path().equals(wanted.path())) {
        return candidate;
      }
    }
    return null;
  }

  /**
   * Keeps a UNIX socket for a new endpoint of its path: a new mode now, a new backlog at restart.
   */
  private Listener keepSocket(Listener kept, UnixEndpoint endpoint) {
    binder.applyMode(endpoint);
    return new Listener(endpoint, kept.channel(), kept.tls(), kept.acceptor());
  }

  /**
   * Stops accepting: closes every listener. Open connections are untouched. Idempotent.
   *
   * @return completes when every listener is closed
   */
  public final CompletableFuture<Void> closeListeners() {
    synchronized (listeners) {
      List<Listener> closing = new ArrayList<>(listeners);
      listeners.clear();
      return close(closing);
    }
  }

  private CompletableFuture<Void> close(List<Listener> closing) {
    List<CompletableFuture<Void>> closed = new ArrayList<>();
    for (Listener listener : closing) {
      closed.add(binder.close(listener.channel())); // ports are counted per runtime, not service
    }
    return CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new));
  }

  @Override
  protected CompletableFuture<Void> doStop() {
    return closeListeners().thenCompose(ignored -> drain());
  }

  /**
   * Ends the open connections once their in-flight work is done. The default closes every
   * connection after what was written has been flushed, which suits stream protocols whose
   * connections hold no unfinished request; request-response protocols override it to let in-flight
   * requests finish.
   *
   * @return completes when every connection has closed
   */
  protected CompletableFuture<Void> drain() {
    return NettyFutures.toCompletable(connections.openConnections().close()).thenApply(g -> null);
  }

  private Listener bind(ServerEndpoint endpoint) {
    TlsContextSource tls =
        endpoint instanceof SslEndpoint ssl
            ? new TlsContextSource(ssl, context.baseDirectory())
            : null;
    Acceptor acceptor = new Acceptor(this, tls);
    return new Listener(endpoint, binder.bind(endpoint, acceptor), tls, acceptor);
  }

  /** Builds a new connection's pipeline: metrics first, then TLS, then the protocol. */
  private void initConnection(Channel channel, TlsContextSource tls) {
    ChannelPipeline pipeline = channel.pipeline();
    pipeline.addLast("metrics", connections);
    if (tls != null) {
      pipeline.addLast("tls", tls.current().newHandler(channel.alloc()));
    }
    initProtocol(channel, pipeline);
  }

  /**
   * Hands each connection a listener accepts to the service that owns the listener now; the owner
   * changes when a replacement service takes the listener over.
   */
  private static final class Acceptor extends ChannelInitializer<Channel> {
    private final TlsContextSource tls;
    private volatile ListeningService owner;

    Acceptor(ListeningService owner, TlsContextSource tls) {
      this.owner = owner;
      this.tls = tls;
    }

    @Override
    protected void initChannel(Channel channel) {
      owner.initConnection(channel, tls);
    }
  }
}
