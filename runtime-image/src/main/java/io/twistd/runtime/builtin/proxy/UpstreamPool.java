package io.twistd.runtime.builtin.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.twistd.runtime.net.NettyFutures;
import io.twistd.runtime.net.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keep-alive connections to one upstream. Connections are made on, and kept per, the event loop of
 * the client connection that needs them, so an exchange's two connections share one thread and need
 * no locks. At most {@code maxIdle} idle connections are kept in all; the most recently used is
 * reused first. An idle connection that the upstream closes leaves the pool at once.
 *
 * <p>Thread-safe.
 */
final class UpstreamPool {

  private final Bootstrap bootstrap;
  private final int maxIdle;
  private final AtomicInteger idleCount = new AtomicInteger();
  private final Map<EventLoop, Deque<Channel>> idle = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /**
   * @param transport the channel class to connect with
   * @param upstream where to connect
   * @param connectTimeout how long a connection attempt may take
   * @param maxIdle how many idle connections to keep, 0 for none
   */
  UpstreamPool(Transport transport, Upstream upstream, Duration connectTimeout, int maxIdle) {
    this.maxIdle = maxIdle;
    this.bootstrap =
        new Bootstrap()
            .channel(transport.socketChannel())
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .remoteAddress(InetSocketAddress.createUnresolved(upstream.host(), upstream.port()))
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    channel.pipeline().addLast("http", new HttpClientCodec());
                    channel.pipeline().addLast("upstream", new UpstreamHandler());
                  }
                });
  }

  /** The most recently released open connection on {@code loop}, or null when there is none. */
  Channel pollIdle(EventLoop loop) {
    Deque<Channel> deque = idle.get(loop);
    if (deque == null) {
      return null;
    }
    for (Channel channel = deque.pollFirst(); channel != null; channel = deque.pollFirst()) {
      idleCount.decrementAndGet();
      if (channel.isActive()) {
        return channel;
      }
      channel.close();
    }
    return null;
  }

  /** Opens a new connection on {@code loop}. */
  ChannelFuture connect(EventLoop loop) {
    ChannelFuture connecting = bootstrap.clone(loop).connect();
    Channel channel = connecting.channel();
    channel.closeFuture().addListener(f -> forget(channel));
    return connecting;
  }

  /**
   * Takes back a connection whose last response was complete and allowed keep-alive; keeps it when
   * the pool is open and below its idle limit, closes it otherwise.
   */
  void release(Channel channel) {
    unlisten(channel);
    if (closed || !channel.isActive() || !reserveIdleSlot()) {
      channel.close();
      return;
    }
    channel.config().setAutoRead(true); // to notice the upstream closing it while idle
    idle.computeIfAbsent(channel.eventLoop(), loop -> new ConcurrentLinkedDeque<>())
        .offerFirst(channel);
    if (closed || !channel.isActive()) {
      forget(channel); // close() or the upstream's close came between the check and the offer
      channel.close();
    }
  }

  /** Closes a connection that cannot be reused (an error, an incomplete or final response). */
  void discard(Channel channel) {
    unlisten(channel);
    channel.close();
  }

  /** Closes every idle connection; connections in use close when released. Idempotent. */
  CompletableFuture<Void> close() {
    closed = true;
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (Deque<Channel> deque : idle.values()) {
      for (Channel channel = deque.pollFirst(); channel != null; channel = deque.pollFirst()) {
        idleCount.decrementAndGet();
        closing.add(NettyFutures.toCompletable(channel.close()));
      }
    }
    return CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new));
  }

  /** The handler of a connection this pool made; null once the connection is torn down. */
  static UpstreamHandler handler(Channel channel) {
    return channel.pipeline().get(UpstreamHandler.class);
  }

  private static void unlisten(Channel channel) {
    UpstreamHandler handler = handler(channel);
    if (handler != null) {
      handler.unlisten();
    }
  }

  private boolean reserveIdleSlot() {
    if (idleCount.incrementAndGet() <= maxIdle) {
      return true;
    }
    idleCount.decrementAndGet();
    return false;
  }

  private void forget(Channel channel) {
    Deque<Channel> deque = idle.get(channel.eventLoop());
    if (deque != null && deque.remove(channel)) {
      idleCount.decrementAndGet();
    }
  }
}
