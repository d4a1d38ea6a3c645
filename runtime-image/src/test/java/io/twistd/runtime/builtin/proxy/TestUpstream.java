package io.twistd.runtime.builtin.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP/1.1 server on loopback for proxy tests. It records every request it receives and
 * counts the connections it accepts; what it answers is up to a {@link Behaviour}.
 */
final class TestUpstream implements AutoCloseable {

  /** A request as the upstream received it. */
  record Received(String method, String uri, HttpHeaders headers, String body, int connection) {}

  /** How the upstream answers one request. */
  @FunctionalInterface
  interface Behaviour {
    /**
     * Answers {@code request}, the {@code nth} request (from 1) on its connection; may write
     * nothing, write later, or close the connection.
     */
    void answer(ChannelHandlerContext ctx, FullHttpRequest request, int nth);
  }

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final AtomicInteger accepted = new AtomicInteger();
  private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
  private final Channel server;

  TestUpstream(Behaviour behaviour) {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    int connection = accepted.incrementAndGet();
                    channel.pipeline().addLast(new HttpServerCodec());
                    channel.pipeline().addLast(new HttpObjectAggregator(16 * 1024 * 1024));
                    channel.pipeline().addLast(new Recorder(behaviour, connection));
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .syncUninterruptibly()
            .channel();
  }

  /** Echoes the request: 200, body = request body, and the request URI in {@code X-Seen-Uri}. */
  static Behaviour echo() {
    return (ctx, request, nth) -> {
      FullHttpResponse response =
          text(HttpResponseStatus.OK, request.content().toString(StandardCharsets.UTF_8));
      response.headers().set("X-Seen-Uri", request.uri());
      response.headers().set("Keep-Alive", "timeout=5"); // hop-by-hop: must not reach the client
      ctx.writeAndFlush(response);
    };
  }

  /** A plain-text response with a Content-Length. */
  static FullHttpResponse text(HttpResponseStatus status, String body) {
    FullHttpResponse response =
        new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
    response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
    return response;
  }

  /** The URL of this upstream with {@code path}, e.g. {@code http://127.0.0.1:PORT/api}. */
  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Connections accepted so far. */
  int acceptedConnections() {
    return accepted.get();
  }

  /** Requests received so far, in order. */
  List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private final class Recorder extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Behaviour behaviour;
    private final int connection;
    private int count;

    Recorder(Behaviour behaviour, int connection) {
      this.behaviour = behaviour;
      this.connection = connection;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
      received.add(
          new Received(
              request.method().name(),
              request.uri(),
              request.headers().copy(),
              request.content().toString(StandardCharsets.UTF_8),
              connection));
      behaviour.answer(ctx, request, ++count);
    }
  }

  /** Headers as a case-insensitive lookup, for assertions. */
  static Map<String, String> lowerCased(HttpHeaders headers) {
    Map<String, String> out = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }
}
