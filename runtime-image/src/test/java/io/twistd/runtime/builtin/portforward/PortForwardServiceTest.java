package io.twistd.runtime.builtin.portforward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.ServiceFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortForwardServiceTest {

  @TempDir Path tempDir;
  private ServiceFixture fixture;
  private TargetServer target;

  @BeforeEach
  void start() throws IOException {
    fixture = new ServiceFixture(tempDir);
    target = new TargetServer();
  }

  @AfterEach
  void stop() throws IOException {
    fixture.close();
    target.close();
  }

  @Test
  void forwardsBytesBothWays() throws Exception {
    CompletableFuture<Void> conversation =
        target.serveOne(
            socket -> {
              BufferedReader in = reader(socket);
              PrintWriter out = writer(socket);
              for (String line = in.readLine(); line != null; line = in.readLine()) {
                out.print("echo:" + line + "\n");
                out.flush();
              }
            });
    try (Socket client = connect(forwardTo(target.port()))) {
      BufferedReader in = reader(client);
      PrintWriter out = writer(client);
      for (String word : new String[] {"one", "two", "three"}) {
        out.print(word + "\n");
        out.flush();
        assertThat(in.readLine()).isEqualTo("echo:" + word);
      }
    }
    conversation.get(); // the target saw the client's close as its end of input
  }

  @Test
  void forwardsFourMebibytesEachWayAndClosesWhenBothDirectionsEnd() throws Exception {
    assertFourMebibytesGoEachWay();
  }

  @Test
  void forwardsFourMebibytesEachWayAndClosesWhenBothDirectionsEndOnNio() throws Exception {
    fixture.close();
    fixture = ServiceFixture.onNio(tempDir);
    assertFourMebibytesGoEachWay();
  }

  private void assertFourMebibytesGoEachWay() throws Exception {
    byte[] payload = new byte[4 << 20];
    new Random(7).nextBytes(payload);
    CompletableFuture<Void> conversation =
        target.serveOne(
            socket -> {
              socket.getInputStream().transferTo(socket.getOutputStream());
              socket.shutdownOutput();
            });
    try (Socket client = connect(forwardTo(target.port()))) {
      CompletableFuture<Void> writing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  client.getOutputStream().write(payload);
                  client.shutdownOutput();
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      byte[] back = client.getInputStream().readAllBytes();
      writing.get();
      assertThat(back).hasSize(payload.length).isEqualTo(payload);
    }
    conversation.get();
    await().until(() -> activeConnections() == 0);
  }

  @Test
  void passesTheClientsHalfCloseOnAndStillDeliversTheReply() throws Exception {
    CompletableFuture<Void> conversation =
        target.serveOne(
            socket -> {
              byte[] request = socket.getInputStream().readAllBytes(); // ends only at EOF
              String reply = "got " + new String(request, StandardCharsets.US_ASCII) + "\n";
              socket.getOutputStream().write(reply.getBytes(StandardCharsets.US_ASCII));
            });
    try (Socket client = connect(forwardTo(target.port()))) {
      client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
      client.shutdownOutput();
      byte[] reply = client.getInputStream().readAllBytes();
      assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("got hello\n");
    }
    conversation.get();
  }

  @Test
  void deliversALargeReplyAfterTheClientsHalfClose() throws Exception {
    assertLargeReplyArrivesAfterHalfClose();
  }

  @Test
  void deliversALargeReplyAfterTheClientsHalfCloseOnNio() throws Exception {
    fixture.close();
    fixture = ServiceFixture.onNio(tempDir);
    assertLargeReplyArrivesAfterHalfClose();
  }

  private void assertLargeReplyArrivesAfterHalfClose() throws Exception {
    byte[] reply = new byte[8 << 20];
    new Random(864).nextBytes(reply);
    CompletableFuture<Void> firstByte = new CompletableFuture<>();
    CompletableFuture<Void> conversation =
        target.serveOne(
            socket -> {
              InputStream in = socket.getInputStream();
              assertThat(in.read()).isEqualTo('x');
              firstByte.complete(null); // the relay is up: the FIN comes through it, not before
              assertThat(in.read()).isEqualTo(-1);
              socket.getOutputStream().write(reply);
            });
    try (Socket client = connect(forwardTo(target.port()))) {
      client.getOutputStream().write('x');
      firstByte.get();
      client.shutdownOutput();
      assertThat(client.getInputStream().readAllBytes()).isEqualTo(reply);
    }
    conversation.get();
  }

  @Test
  void closesTheClientPromptlyWhenTheDestinationRefuses() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = probe.getLocalPort();
    }
    try (Socket client = connect(forwardTo(closedPort))) {
      assertThat(readOrReset(client.getInputStream())).isEqualTo(-1);
    }
    await().until(() -> activeConnections() == 0);
  }

  @Test
  void stopsReadingTheDestinationWhileTheClientDoesNotRead() throws Exception {
    target.serveOne(socket -> writeForever(socket.getOutputStream()));
    try (Socket client = new Socket()) {
      client.setReceiveBufferSize(64 << 10);
      client.connect(ServiceFixture.address(forwardTo(target.port())), 5_000);
      await().atMost(Duration.ofSeconds(10)).until(new Settled("twistd.bytes.sent"));
      assertThat(counter("twistd.bytes.sent")).isLessThan(64 << 20);
      client.setSoTimeout(5_000);
      assertThat(client.getInputStream().readNBytes(1 << 20)).hasSize(1 << 20);
    }
  }

  @Test
  void stopsReadingTheClientWhileTheDestinationDoesNotRead() throws Exception {
    CompletableFuture<Void> stalled = new CompletableFuture<>();
    target.serveOne(
        socket -> {
          socket.setReceiveBufferSize(64 << 10);
          stalled.join(); // reads nothing until the test is done
        });
    try (Socket client = connect(forwardTo(target.port()))) {
      CompletableFuture.runAsync(() -> writeForever(outputOf(client)));
      await().atMost(Duration.ofSeconds(10)).until(new Settled("twistd.bytes.received"));
      assertThat(counter("twistd.bytes.received")).isLessThan(64 << 20);
    } finally {
      stalled.complete(null);
    }
  }

  private Service forwardTo(int port) {
    return fixture.start(
        "portforward",
        "forward",
        Map.of("host", "127.0.0.1", "port", port, "connectTimeout", "2s"));
  }

  private static Socket connect(Service service) throws IOException {
    Socket socket = new Socket();
    socket.connect(ServiceFixture.address(service), 5_000);
    socket.setSoTimeout(5_000);
    return socket;
  }

  private double counter(String name) {
    return fixture.metrics().get(name).tag("service", "forward").counter().count();
  }

  private double activeConnections() {
    return fixture.metrics().get("twistd.connections.active").gauge().value();
  }

  /** True once a counter reads the same twice in a row: the flow has stopped. */
  private final class Settled implements java.util.concurrent.Callable<Boolean> {
    private final String counter;
    private double last = -1;

    Settled(String counter) {
      this.counter = counter;
    }

    @Override
    public Boolean call() {
      double now = counter(counter);
      boolean settled = now > 0 && now == last;
      last = now;
      return settled;
    }
  }

  private static int readOrReset(InputStream in) throws IOException {
    try {
      return in.read();
    } catch (SocketException reset) {
      return -1; // a reset is a close too
    }
  }

  private static OutputStream outputOf(Socket socket) {
    try {
      return socket.getOutputStream();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void writeForever(OutputStream out) {
    byte[] chunk = new byte[64 << 10];
    try {
      while (true) {
        out.write(chunk);
      }
    } catch (IOException e) {
      // the other side closed: done
    }
  }

  private static BufferedReader reader(Socket socket) throws IOException {
    return new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
  }

  private static PrintWriter writer(Socket socket) throws IOException {
    return new PrintWriter(socket.getOutputStream(), false, StandardCharsets.US_ASCII);
  }
}
