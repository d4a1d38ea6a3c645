package io.twistd.runtime.net;

import static io.twistd.runtime.testing.ConnectLoop.echoOnce;
import static io.twistd.runtime.testing.ConnectLoop.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.twistd.api.endpoint.ServerEndpoints;
import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.ConnectLoop;
import io.twistd.runtime.testing.ServiceFixture;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listeners change under a running service without refusing a connection: {@link
 * ListeningService#relisten} and {@link ListeningService#takeListenersOver}, on real loopback
 * sockets.
 */
class RelistenTest {

  @TempDir Path dir;

  private ServiceFixture fixture;

  @BeforeEach
  void setUp() {
    fixture = new ServiceFixture(dir);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String loopback(int port) {
    return "tcp:" + port + ":interface=127.0.0.1";
  }

  private static InetSocketAddress at(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  private ListeningService echo(String name, int port) {
    return (ListeningService)
        fixture.start(fixture.make("echo", name, List.of(loopback(port)), Map.of()));
  }

  private static void relisten(ListeningService service, String... endpoints) {
    service.relisten(List.of(endpoints).stream().map(ServerEndpoints::parse).toList()).join();
  }

  @Test
  void movesToANewPortAndKeepsOpenConnections() throws Exception {
    int first = freePort();
    int second = freePort();
    ListeningService echo = echo("echo", first);
    try (Socket open = new Socket(InetAddress.getLoopbackAddress(), first)) {
      assertThat(roundTrip(open, "before")).isEqualTo("before");

      relisten(echo, loopback(second));

      assertThat(echoOnce(at(second), "new port")).isEqualTo("new port");
      assertThatThrownBy(() -> echoOnce(at(first), "old port"))
          .isInstanceOf(ConnectException.class);
      assertThat(roundTrip(open, "after")).isEqualTo("after");
      assertThat(echo.boundAddresses()).containsExactly(at(second));
    }
  }

  @Test
  void keepsTheSocketOfAnEndpointInBothListsSoNoConnectionIsRefused() throws Exception {
    int kept = freePort();
    int added = freePort();
    ListeningService echo = echo("echo", kept);

    try (ConnectLoop clients = ConnectLoop.start(at(kept), Duration.ofSeconds(20))) {
      await().until(() -> clients.succeeded() > 20);
      for (int round = 0; round < 5; round++) {
        relisten(echo, loopback(kept), loopback(added));
        relisten(echo, loopback(kept));
      }
      int before = clients.succeeded();
      await().until(() -> clients.succeeded() > before + 20);
      clients.close();

      assertThat(clients.failures()).isEmpty();
    }
  }

  @Test
  void bindsTheSamePortOnAnotherInterfaceBeforeClosingTheOldListener() throws Exception {
    int port = freePort();
    ListeningService echo = echo("echo", port);
    try (Socket open = new Socket(InetAddress.getLoopbackAddress(), port)) {

      relisten(echo, "tcp:" + port + ":backlog=64");

      assertThat(echoOnce(at(port), "wildcard")).isEqualTo("wildcard");
      assertThat(roundTrip(open, "still open")).isEqualTo("still open");
      assertThat(echo.endpoints())
          .containsExactly(ServerEndpoints.parse("tcp:" + port + ":backlog=64"));
    }
  }

  @Test
  void aNewEndpointThatCannotBeBoundChangesNothing() throws Exception {
    int port = freePort();
    ListeningService echo = echo("echo", port);
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {

      assertThatThrownBy(() -> relisten(echo, loopback(port), loopback(taken.getLocalPort())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("cannot listen on " + loopback(taken.getLocalPort()));

      assertThat(echo.boundAddresses()).containsExactly(at(port));
      assertThat(echo.endpoints()).containsExactly(ServerEndpoints.parse(loopback(port)));
      assertThat(echoOnce(at(port), "unchanged")).isEqualTo("unchanged");
    }
  }

  @Test
  void reusePortDoesNotLetAServiceShareAPortWithASocketThatDidNotAskForIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Service echo =
          fixture.make("echo", "echo", List.of(loopback(taken.getLocalPort())), Map.of());

      assertThatThrownBy(() -> fixture.start(echo))
          .hasMessageContaining("cannot listen on " + loopback(taken.getLocalPort()));
    }
  }

  @Test
  void aPortAnotherRuntimeListensOnWithReusePortIsStillRefused() throws Exception {
    int port = freePort();
    try (ServiceFixture other = new ServiceFixture(dir)) {
      other.start(other.make("echo", "theirs", List.of(loopback(port)), Map.of()));
      Service ours = fixture.make("echo", "ours", List.of(loopback(port)), Map.of());

      assertThatThrownBy(() -> fixture.start(ours))
          .hasMessageContaining("cannot listen on " + loopback(port))
          .hasMessageContaining("Address already in use");
      assertThat(echoOnce(at(port), "theirs")).isEqualTo("theirs");
    }
  }

  @Test
  void aReplacementTakesOverTheSharedListenerWithoutRefusingAConnection() throws Exception {
    int port = freePort();
    ListeningService old = echo("svc", port);
    ListeningService replacement =
        (ListeningService)
            fixture.make("qotd", "svc", List.of(loopback(port)), Map.of("quote", "replaced"));

    try (Socket open = new Socket(InetAddress.getLoopbackAddress(), port);
        ConnectLoop clients = ConnectLoop.start(at(port), Duration.ofSeconds(20))) {
      assertThat(roundTrip(open, "old")).isEqualTo("old");
      await().until(() -> clients.succeeded() > 20);

      replacement.takeListenersOver(old);
      fixture.start(replacement);

      assertThat(old.boundAddresses()).isEmpty();
      assertThat(replacement.boundAddresses()).containsExactly(at(port));
      assertThat(roundTrip(open, "kept by the old service")).isEqualTo("kept by the old service");
      clients.close();
      old.stop().join();
      // The loop's echo round trips now meet the quote service, so count only refusals.
      assertThat(clients.failures()).noneMatch(failure -> failure.startsWith("ConnectException"));
      assertThat(new String(quoteAt(port))).isEqualTo("replaced\r\n");
    }
  }

  private static byte[] quoteAt(int port) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5_000);
      return socket.getInputStream().readAllBytes();
    }
  }
}
