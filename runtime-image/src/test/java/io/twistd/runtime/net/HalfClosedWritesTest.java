package io.twistd.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A connection whose peer has shut down its output (a TCP half-close) can still be written to, in
 * as many bursts as the server likes: the case behind port-forward and echo replies that outlive
 * the client's FIN. On epoll each burst that fills the socket buffer re-arms write readiness after
 * the connection's interest set has been empty, which Netty 4.2.18 alone gets wrong (see {@link
 * Transport}).
 */
class HalfClosedWritesTest {

  /** Larger than loopback's send and receive buffers together, so every burst waits for room. */
  private static final int BURST = 24 * 1024 * 1024;

  private Transport transport;
  private Channel server;

  @BeforeEach
  void setUp() {
    transport = Transport.create(1, true);
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close().syncUninterruptibly();
    }
    transport.close();
  }

  @ParameterizedTest(name = "{0} bursts")
  @ValueSource(ints = {1, 2, 3})
  void everyBurstWrittenAfterThePeersFinArrives(int bursts) throws Exception {
    assumeTrue(transport.isNative(), "the native epoll transport is unavailable here");
    CompletableFuture<Void> written = new CompletableFuture<>();
    int port = listen(bursts, written);

    long received;
    try (Socket client = new Socket("127.0.0.1", port)) {
      client.shutdownOutput();
      received = readToEnd(client.getInputStream());
    }

    assertThat(written).succeedsWithin(10, TimeUnit.SECONDS);
    assertThat(received).isEqualTo((long) bursts * BURST);
  }

  @Test
  void theNioTransportWritesEveryBurstToo() throws Exception {
    transport.close();
    transport = Transport.create(1, false);
    CompletableFuture<Void> written = new CompletableFuture<>();
    int port = listen(2, written);

    long received;
    try (Socket client = new Socket("127.0.0.1", port)) {
      client.shutdownOutput();
      received = readToEnd(client.getInputStream());
    }

    assertThat(written).succeedsWithin(10, TimeUnit.SECONDS);
    assertThat(received).isEqualTo(2L * BURST);
  }

  /**
   * Listens on a loopback port; each connection, once its input ends, is sent {@code bursts}
   * bursts, each written in a task of its own once the one before has been flushed to the socket,
   * then closed.
   */
  private int listen(int bursts, CompletableFuture<Void> written) {
    server =
        new ServerBootstrap()
            .group(transport.acceptors(), transport.workers())
            .channel(transport.serverChannel())
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel channel) {
                    channel.pipeline().addLast(new BurstsAfterInputEnds(bursts, written));
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .syncUninterruptibly()
            .channel();
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  private static long readToEnd(InputStream in) throws Exception {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buffer)) != -1; ) {
      total += n;
    }
    return total;
  }

  /** On input shutdown, writes the bursts one after the other and then closes the connection. */
  private static final class BurstsAfterInputEnds extends ChannelInboundHandlerAdapter {
    private final int bursts;
    private final CompletableFuture<Void> written;

    BurstsAfterInputEnds(int bursts, CompletableFuture<Void> written) {
      this.bursts = bursts;
      this.written = written;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ChannelInputShutdownEvent) {
        writeBurst(ctx.channel(), bursts);
      }
    }

    private void writeBurst(Channel channel, int left) {
      if (left == 0) {
        ((DuplexChannel) channel).shutdownOutput().addListener(f -> channel.close());
        written.complete(null);
        return;
      }
      ChannelFuture burst = channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[BURST]));
      burst.addListener(
          f -> {
            if (f.isSuccess()) {
              // Later, not from this listener: Netty's write loop would otherwise take the next
              // burst in the same round and never let the connection's interest set go empty.
              channel.eventLoop().execute(() -> writeBurst(channel, left - 1));
            } else {
              written.completeExceptionally(f.cause());
              channel.close();
            }
          });
    }
  }
}
