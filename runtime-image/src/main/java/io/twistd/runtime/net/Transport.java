package io.twistd.runtime.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.StandardSocketOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loops and channel classes every service shares: native epoll where the platform has it,
 * NIO otherwise. One instance per runtime; {@link #shutdown()} ends its threads. The epoll loops
 * run {@link HalfCloseSafeEpollIoHandler}, which keeps writes to half-closed connections working.
 */
public final class Transport implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Transport.class);

  private final boolean nativeEpoll;
  private final EventLoopGroup acceptors;
  private final EventLoopGroup workers;
  private final LocalPorts localPorts = new LocalPorts();

  private Transport(boolean nativeEpoll, int workerThreads) {
    this.nativeEpoll = nativeEpoll;
    IoHandlerFactory factory =
        nativeEpoll ? HalfCloseSafeEpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.acceptors =
        new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("twistd-accept"), factory);
    this.workers =
        new MultiThreadIoEventLoopGroup(
            workerThreads, new DefaultThreadFactory("twistd-io"), factory);
  }

  /**
   * Creates event loops with {@code workerThreads} I/O threads (0: Netty's default of twice the
   * cores), on epoll when {@code preferNative} and the platform supports it.
   */
  public static Transport create(int workerThreads, boolean preferNative) {
    boolean useEpoll = preferNative && Epoll.isAvailable();
    if (preferNative && !useEpoll) {
      log.info("native epoll transport unavailable ({}); using NIO", Epoll.unavailabilityCause());
    }
    return new Transport(useEpoll, workerThreads);
  }

  /** Whether the native epoll transport is in use. */
  public boolean isNative() {
    return nativeEpoll;
  }

  /** The group whose threads accept connections. */
  public EventLoopGroup acceptors() {
    return acceptors;
  }

  /** The group whose threads serve connections and run timers. */
  public EventLoopGroup workers() {
    return workers;
  }

  /** The TCP server channel class. */
  public Class<? extends ServerChannel> serverChannel() {
    return nativeEpoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /**
   * The UNIX domain socket server channel class.
   *
   * @throws UnsupportedOperationException on NIO, which this runtime does not use for UNIX sockets
   */
  public Class<? extends ServerChannel> serverDomainChannel() {
    if (!nativeEpoll) {
      throw new UnsupportedOperationException(
          "unix: endpoints need the native epoll transport, which is unavailable here");
    }
    return EpollServerDomainSocketChannel.class;
  }

  /**
   * Sets {@code SO_REUSEPORT} on a TCP server bootstrap, so that a new listener can bind the port
   * of one still open in this process (a live reload binds the new listener before it closes the
   * old one). The kernel lets only sockets of the same user that all set it share a port.
   */
  public void enableReusePort(ServerBootstrap bootstrap) {
    if (nativeEpoll) {
      bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
    } else {
      bootstrap.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
    }
  }

  /** The TCP ports this runtime's listeners hold. */
  LocalPorts localPorts() {
    return localPorts;
  }

  /** The TCP client channel class, for outgoing connections (proxy, portforward, timer). */
  public Class<? extends Channel> socketChannel() {
    return nativeEpoll ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  /** Ends every event loop thread; completes when they have ended. */
  public CompletableFuture<Void> shutdown() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    acceptors
        .shutdownGracefully(0, 2, TimeUnit.SECONDS)
        .addListener(
            a ->
                workers
                    .shutdownGracefully(0, 2, TimeUnit.SECONDS)
                    .addListener(w -> done.complete(null)));
    return done;
  }

  @Override
  public void close() {
    shutdown().join();
  }
}
