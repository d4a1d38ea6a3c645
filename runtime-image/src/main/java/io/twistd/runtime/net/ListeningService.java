package io.twistd.runtime.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.unix.DomainSocketAddress;
import io.twistd.api.endpoint.ServerEndpoint;
import io.twistd.api.endpoint.SslEndpoint;
import io.twistd.api.endpoint.TcpEndpoint;
import io.twistd.api.endpoint.UnixEndpoint;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceSettings;
import io.twistd.runtime.service.AbstractService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
 */
public abstract class ListeningService extends AbstractService {

  private final ServiceSettings settings;
  private final ServiceContext context;
  private final ConnectionMetrics connections;
  private final List<Channel> listeners = new CopyOnWriteArrayList<>();
  private final List<TlsContextSource> tlsSources = new CopyOnWriteArrayList<>();

  protected ListeningService(ServiceSettings settings, ServiceContext context) {
    super(settings.name());
    this.settings = settings;
    this.context = context;
    this.connections = new ConnectionMetrics(context.metrics(), settings.path());
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

  /** The endpoints this service listens on, as configured. */
  public final List<ServerEndpoint> endpoints() {
    return settings.listen();
  }

  /** The local addresses bound now, in endpoint order; ports are the real ones (for tcp:0). */
  public final List<SocketAddress> boundAddresses() {
    return listeners.stream().map(Channel::localAddress).toList();
  }

  /** The TLS contexts of this service's {@code ssl:} endpoints, for reloading rotated files. */
  public final List<TlsContextSource> tlsSources() {
    return List.copyOf(tlsSources);
  }

  /** The connections open now. */
  protected final ConnectionMetrics connections() {
    return connections;
  }

  @Override
  protected CompletableFuture<Void> doStart() {
    try {
      for (ServerEndpoint endpoint : settings.listen()) {
        listeners.add(bind(endpoint));
      }
      return CompletableFuture.completedFuture(null);
    } catch (RuntimeException e) {
      return closeListeners().thenCompose(ignored -> CompletableFuture.failedFuture(e));
    }
  }

  /**
   * Stops accepting: closes every listener. Open connections are untouched. Idempotent.
   *
   * @return completes when every listener is closed
   */
  public final CompletableFuture<Void> closeListeners() {
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (Channel listener : listeners) {
      closing.add(
          NettyFutures.toCompletable(listener.close()).thenRun(() -> removeSocketFile(listener)));
    }
    listeners.clear();
    tlsSources.clear();
    return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
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

  private Channel bind(ServerEndpoint endpoint) {
    ServerBootstrap bootstrap =
        new ServerBootstrap().group(context.transport().acceptors(), context.transport().workers());
    TlsContextSource tls = null;
    SocketAddress address;
    if (endpoint instanceof UnixEndpoint unix) {
      bootstrap.channel(context.transport().serverDomainChannel());
      prepareSocketFile(unix);
      address = new DomainSocketAddress(unixPath(unix).toString());
      bootstrap.option(ChannelOption.SO_BACKLOG, unix.backlog());
    } else {
      TcpEndpoint tcp = endpoint instanceof SslEndpoint ssl ? ssl.tcp() : (TcpEndpoint) endpoint;
      if (endpoint instanceof SslEndpoint ssl) {
        tls = new TlsContextSource(ssl, context.baseDirectory());
      }
      bootstrap.channel(context.transport().serverChannel());
      bootstrap.option(ChannelOption.SO_BACKLOG, tcp.backlog());
      bootstrap.option(ChannelOption.SO_REUSEADDR, true);
      address = new InetSocketAddress(tcp.bindAddress(), tcp.port());
    }
    bootstrap.childHandler(new ConnectionInitializer(tls));
    ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IllegalStateException(
          "cannot listen on " + endpoint.describe() + ": " + describe(bound.cause()),
          bound.cause());
    }
    if (endpoint instanceof UnixEndpoint unix) {
      applyMode(unix);
    }
    if (tls != null) {
      tlsSources.add(tls);
    }
    return bound.channel();
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  private Path unixPath(UnixEndpoint unix) {
    return context.baseDirectory().resolve(unix.path());
  }

  private void prepareSocketFile(UnixEndpoint unix) {
    Path path = unixPath(unix);
    try {
      if (Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path)) {
        Files.delete(path); // a stale socket from a previous run
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot listen on " + unix.describe() + ": cannot remove stale socket " + path, e);
    }
  }

  private void applyMode(UnixEndpoint unix) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE
    for (int bit = 0; bit < 9; bit++) {
      if ((unix.mode() & (1 << (8 - bit))) != 0) {
        permissions.add(order[bit]);
      }
    }
    try {
      Files.setPosixFilePermissions(unixPath(unix), permissions);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot set mode " + Integer.toOctalString(unix.mode()) + " on " + unix.path(), e);
    }
  }

  private static void removeSocketFile(Channel listener) {
    if (listener.localAddress() instanceof DomainSocketAddress domain) {
      try {
        Files.deleteIfExists(Path.of(domain.path()));
      } catch (IOException e) {
        // leaving a socket file behind is harmless: the next bind removes it
      }
    }
  }

  /** Builds each connection's pipeline: metrics first, then TLS, then the protocol. */
  private final class ConnectionInitializer extends ChannelInitializer<Channel> {
    private final TlsContextSource tls;

    ConnectionInitializer(TlsContextSource tls) {
      this.tls = tls;
    }

    @Override
    protected void initChannel(Channel channel) {
      ChannelPipeline pipeline = channel.pipeline();
      pipeline.addLast("metrics", connections);
      if (tls != null) {
        pipeline.addLast("tls", tls.current().newHandler(channel.alloc()));
      }
      initProtocol(channel, pipeline);
    }
  }
}
