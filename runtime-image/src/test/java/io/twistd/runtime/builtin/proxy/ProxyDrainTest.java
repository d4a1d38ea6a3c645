package io.twistd.runtime.builtin.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.RawHttpConnection;
import io.twistd.runtime.testing.RawHttpConnection.Response;
import io.twistd.runtime.testing.ServiceFixture;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A proxy that stops lets the exchange in flight finish, then closes its connection. */
class ProxyDrainTest {

  @TempDir Path base;
  private ServiceFixture fixture;
  private TestUpstream upstream;
  private final CompletableFuture<ChannelHandlerContext> held = new CompletableFuture<>();

  @BeforeEach
  void setUp() {
    fixture = new ServiceFixture(base);
    upstream = new TestUpstream((ctx, request, nth) -> held.complete(ctx)); // answers on demand
  }

  @AfterEach
  void tearDown() {
    fixture.close();
    upstream.close();
  }

  @Test
  void finishesTheExchangeInFlightWithConnectionCloseBeforeStopping() throws Exception {
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", upstream.url("")));
    InetSocketAddress address = ServiceFixture.address(proxy);
    try (RawHttpConnection connection = new RawHttpConnection(address);
        RawHttpConnection idle = new RawHttpConnection(address)) {
      connection.get("/held", "");
      await().atMost(Duration.ofSeconds(10)).until(held::isDone);

      CompletableFuture<Void> stopped = proxy.stop();
      await().atMost(Duration.ofSeconds(10)).until(() -> refusesConnections(address));
      assertThat(idle.isClosedByPeer()).isTrue();
      assertThat(stopped).isNotDone(); // the held exchange is still in flight

      held.get().writeAndFlush(TestUpstream.text(HttpResponseStatus.OK, "finally"));
      Response response = connection.read();

      assertThat(response.status()).isEqualTo(200);
      assertThat(response.bodyText()).isEqualTo("finally");
      assertThat(response.header("connection")).isEqualTo("close");
      assertThat(connection.isClosedByPeer()).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(stopped::isDone);
      assertThat(stopped).isCompleted();
    }
  }

  private static boolean refusesConnections(InetSocketAddress address) throws Exception {
    try (Socket probe = new Socket()) {
      probe.connect(address, 2_000);
      return false;
    } catch (ConnectException e) {
      return true;
    }
  }
}
