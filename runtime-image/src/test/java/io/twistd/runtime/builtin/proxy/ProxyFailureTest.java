package io.twistd.runtime.builtin.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.RawHttpConnection;
import io.twistd.runtime.testing.RawHttpConnection.Response;
import io.twistd.runtime.testing.ServiceFixture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** What the client sees when the upstream is down, silent, or breaks off. Never a hang. */
class ProxyFailureTest {

  @TempDir Path base;
  private ServiceFixture fixture;
  private TestUpstream upstream;

  @BeforeEach
  void setUp() {
    fixture = new ServiceFixture(base);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void answers504WhenTheUpstreamDoesNotAnswerInTime() throws Exception {
    upstream = new TestUpstream((ctx, request, nth) -> {}); // reads, never answers
    Service proxy =
        fixture.start("proxy", "api", Map.of("upstream", upstream.url(""), "readTimeout", "300ms"));

    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(proxy))) {
      Response response = connection.get("/slow", "").read();
      assertThat(response.status()).isEqualTo(504);

      // the client connection survives the upstream's failure
      assertThat(connection.get("/slow", "").read().status()).isEqualTo(504);
    }
  }

  @Test
  void answers502WhenTheUpstreamRefusesConnections() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Service proxy =
        fixture.start("proxy", "api", Map.of("upstream", "http://127.0.0.1:" + closedPort));

    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(proxy))) {
      Response response = connection.get("/", "").read();

      assertThat(response.status()).isEqualTo(502);
      assertThat(response.header("server")).isEqualTo("twistd-runtime");
    }
  }

  @Test
  void answers504WhenConnectingTakesLongerThanTheConnectTimeout() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        FullAcceptQueue full = FullAcceptQueue.fill(listener)) {
      Service proxy =
          fixture.start(
              "proxy",
              "api",
              Map.of(
                  "upstream",
                  "http://127.0.0.1:" + listener.getLocalPort(),
                  "connectTimeout",
                  "300ms"));

      try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(proxy))) {
        assertThat(connection.get("/", "").read().status()).isEqualTo(504);
      }
    }
  }

  @Test
  void answers502WhenTheUpstreamClosesWithoutAnswering() throws Exception {
    upstream = new TestUpstream((ctx, request, nth) -> ctx.close());
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", upstream.url("")));

    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(proxy))) {
      assertThat(connection.get("/", "").read().status()).isEqualTo(502);
    }
  }

  @Test
  void closesTheClientConnectionWhenTheUpstreamBreaksOffMidResponse() throws Exception {
    upstream =
        new TestUpstream(
            (ctx, request, nth) -> {
              DefaultHttpResponse head =
                  new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
              head.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 1000);
              ctx.write(head);
              ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[10])))
                  .addListener(ChannelFutureListener.CLOSE);
            });
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", upstream.url("")));

    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(proxy))) {
      Response head = connection.get("/partial", "").readHead();
      byte[] body = connection.input().readNBytes(1000); // stops early at the end of stream

      assertThat(head.status()).isEqualTo(200);
      assertThat(body).hasSize(10);
      assertThat(connection.isClosedByPeer()).isTrue();
    }
  }

  @Test
  void closesTheClientConnectionWhenTheUpstreamStallsMidResponse() throws Exception {
    upstream =
        new TestUpstream(
            (ctx, request, nth) -> {
              DefaultHttpResponse head =
                  new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
              head.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 1000);
              ctx.write(head);
              ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(new byte[10])));
            });
    Service proxy =
        fixture.start("proxy", "api", Map.of("upstream", upstream.url(""), "readTimeout", "300ms"));

    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(proxy))) {
      assertThat(connection.get("/stall", "").readHead().status()).isEqualTo(200);

      assertThat(connection.input().readNBytes(1000)).hasSize(10);
      assertThat(connection.isClosedByPeer()).isTrue();
    }
  }

  /**
   * Connections that fill a listener's accept queue (it never accepts), until a further connect
   * attempt times out: the kernel then drops new SYNs, so connecting to it hangs.
   */
  private static final class FullAcceptQueue implements AutoCloseable {
    private final List<Socket> sockets = new ArrayList<>();

    static FullAcceptQueue fill(ServerSocket listener) throws Exception {
      FullAcceptQueue queue = new FullAcceptQueue();
      for (int i = 0; i < 64; i++) {
        Socket socket = new Socket();
        try {
          socket.connect(listener.getLocalSocketAddress(), 200);
          queue.sockets.add(socket);
        } catch (SocketTimeoutException e) {
          socket.close();
          return queue;
        }
      }
      queue.close();
      throw new TestAbortedException("this kernel never stops accepting SYNs");
    }

    @Override
    public void close() throws Exception {
      for (Socket socket : sockets) {
        socket.close();
      }
    }
  }
}
