package io.twistd.runtime.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.unix.DomainSocketAddress;
import io.twistd.api.endpoint.ServerEndpoint;
import io.twistd.api.endpoint.SslEndpoint;
import io.twistd.api.endpoint.TcpEndpoint;
import io.twistd.api.endpoint.UnixEndpoint;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Binds the listening socket of one endpoint, and closes it again: TCP (plain or the TCP part of
 * TLS) with {@code SO_REUSEADDR} and {@code SO_REUSEPORT}, or a UNIX socket whose stale file is
 * removed first and whose mode is set after. Thread-safe.
 */
final class EndpointBinder {

  private final Transport transport;
  private final Path baseDirectory;

  /**
   * @param transport the event loops and channel classes to bind with
   * @param baseDirectory what relative UNIX socket paths are relative to
   */
  EndpointBinder(Transport transport, Path baseDirectory) {
    this.transport = transport;
    this.baseDirectory = baseDirectory;
  }

  /**
   * Binds {@code endpoint}; every accepted connection goes to {@code childHandler}. Blocks until
   * bound.
   *
   * @throws IllegalStateException naming the endpoint when it cannot be bound
   */
  Channel bind(ServerEndpoint endpoint, ChannelHandler childHandler) {
    ServerBootstrap bootstrap =
        new ServerBootstrap().group(transport.acceptors(), transport.workers());
    SocketAddress address;
    if (endpoint instanceof UnixEndpoint unix) {
      bootstrap.channel(transport.serverDomainChannel());
      prepareSocketFile(unix);
      address = new DomainSocketAddress(unixPath(unix).toString());
      bootstrap.option(ChannelOption.SO_BACKLOG, unix.backlog());
    } else {
      TcpEndpoint tcp = endpoint instanceof SslEndpoint ssl ? ssl.tcp() : (TcpEndpoint) endpoint;
      bootstrap.channel(transport.serverChannel());
      bootstrap.option(ChannelOption.SO_BACKLOG, tcp.backlog());
      bootstrap.option(ChannelOption.SO_REUSEADDR, true);
      transport.enableReusePort(bootstrap);
      address = new InetSocketAddress(tcp.bindAddress(), tcp.port());
      if (tcp.port() != 0 && !transport.localPorts().holds(tcp.port())) {
        requireUnused(endpoint, (InetSocketAddress) address);
      }
    }
    bootstrap.childHandler(childHandler);
    ChannelFuture bound = bootstrap.bind(address).awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IllegalStateException(
          "cannot listen on " + endpoint.describe() + ": " + describe(bound.cause()),
          bound.cause());
    }
    if (endpoint instanceof UnixEndpoint unix) {
      applyMode(unix);
    }
    if (bound.channel().localAddress() instanceof InetSocketAddress inet) {
      transport.localPorts().add(inet.getPort());
    }
    return bound.channel();
  }

  /**
   * Refuses a port that another process listens on, as a bind without {@code SO_REUSEPORT} would:
   * binds, without listening, a socket that only sets {@code SO_REUSEADDR}, which any listener on
   * the port makes fail, and which accepts nothing in the meantime.
   */
  private static void requireUnused(ServerEndpoint endpoint, InetSocketAddress address) {
    try (SocketChannel probe = SocketChannel.open()) {
      probe.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      probe.bind(address);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot listen on " + endpoint.describe() + ": " + describe(e), e);
    }
  }

  /** Closes a listener this binder bound, and removes its socket file if it is a UNIX socket. */
  CompletableFuture<Void> close(Channel listener) {
    SocketAddress address = listener.localAddress();
    return NettyFutures.toCompletable(listener.close())
        .thenRun(
            () -> {
              if (address instanceof InetSocketAddress inet) {
                transport.localPorts().remove(inet.getPort());
              }
              removeSocketFile(listener);
            });
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  private Path unixPath(UnixEndpoint unix) {
    return baseDirectory.resolve(unix.path());
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

  /** Sets the permission bits of a bound UNIX socket's file to those {@code unix} asks for. */
  void applyMode(UnixEndpoint unix) {
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
}
