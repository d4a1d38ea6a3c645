package io.twistd.runtime.admin;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.twistd.api.endpoint.ServerEndpoint;
import io.twistd.api.endpoint.SslEndpoint;
import io.twistd.api.endpoint.TcpEndpoint;
import io.twistd.api.endpoint.UnixEndpoint;
import io.twistd.runtime.net.NettyFutures;
import io.twistd.runtime.net.Transport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * The admin HTTP server on {@code admin.listen}: health, readiness, Prometheus metrics and status.
 * It runs apart from the service tree so it keeps answering while services start and drain.
 */
public final class AdminServer {

  private static final int MAX_REQUEST_BYTES = 16 * 1024;

  private final ServerEndpoint endpoint;
  private final Transport transport;
  private final AdminHandler handler;
  private volatile Channel listener;

  /**
   * @param endpoint where to listen; {@code ssl:} is refused (put TLS in front if needed)
   * @param transport the shared event loops
   * @param state what to report
   */
  public AdminServer(ServerEndpoint endpoint, Transport transport, AdminState state) {
    if (endpoint instanceof SslEndpoint) {
      throw new IllegalArgumentException(
          "admin.listen: the admin server speaks plain HTTP; use a tcp: or unix: endpoint");
    }
    this.endpoint = endpoint;
    this.transport = transport;
    this.handler = new AdminHandler(state);
  }

  /**
   * Binds the admin endpoint.
   *
   * @throws IllegalStateException naming the endpoint when it cannot be bound
   */
  public void start() {
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(transport.acceptors(), transport.workers())
            .option(ChannelOption.SO_REUSEADDR, true)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    channel
                        .pipeline()
                        .addLast(new HttpServerCodec())
                        .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                        .addLast(handler);
                  }
                });
    SocketAddress address;
    if (endpoint instanceof UnixEndpoint unix) {
      bootstrap.channel(transport.serverDomainChannel());
      address = new DomainSocketAddress(unix.path());
    } else {
      TcpEndpoint tcp = (TcpEndpoint) endpoint;
      bootstrap.channel(transport.serverChannel());
      address = new InetSocketAddress(tcp.bindAddress(), tcp.port());
    }
    ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IllegalStateException(
          "admin server cannot listen on "
              + endpoint.describe()
              + ": "
              + bound.cause().getMessage(),
          bound.cause());
    }
    listener = bound.channel();
  }

  /** The bound address (with the real port when the endpoint asked for port 0). */
  public SocketAddress address() {
    Channel current = listener;
    if (current == null) {
      throw new IllegalStateException("the admin server is not listening");
    }
    return current.localAddress();
  }

  /** Closes the listener; idempotent. */
  public CompletableFuture<Void> stop() {
    Channel current = listener;
    listener = null;
    if (current == null) {
      return CompletableFuture.completedFuture(null);
    }
    return NettyFutures.toCompletable(current.close());
  }
}
