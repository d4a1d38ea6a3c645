package io.twistd.runtime.builtin.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.twistd.runtime.service.Service;
import io.twistd.runtime.service.ServiceState;
import io.twistd.runtime.testing.RawHttpConnection;
import io.twistd.runtime.testing.RawHttpConnection.Response;
import io.twistd.runtime.testing.ServiceFixture;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping drains: idle connections close at once, a response being sent finishes first. */
class WebDrainTest {

  private static final int BIG = 16 * 1024 * 1024; // far more than the socket buffers hold

  @TempDir Path base;
  private ServiceFixture fixture;
  private Service web;
  private InetSocketAddress address;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new ServiceFixture(base);
    Files.writeString(base.resolve("small.txt"), "small");
    web = fixture.start("web", "site", Map.of("path", base.toString()));
    address = ServiceFixture.address(web);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void finishesAResponseInFlightBeforeTheStopCompletes() throws Exception {
    byte[] content = new byte[BIG];
    new Random(7).nextBytes(content);
    Files.write(base.resolve("big.bin"), content);
    try (RawHttpConnection slowReader = new RawHttpConnection(address, 16 * 1024)) {
      Response head = slowReader.get("/big.bin", "").readHead();
      assertThat(head.status()).isEqualTo(200);

      CompletableFuture<Void> stopped = web.stop();
      InputStream body = slowReader.input();
      byte[] firstQuarter = body.readNBytes(BIG / 4);
      assertThat(stopped).isNotDone(); // most of the body has not left the server yet
      await().atMost(Duration.ofSeconds(10)).until(this::refusesConnections); // no new clients

      byte[] rest = body.readNBytes(BIG);
      assertThat(firstQuarter.length + rest.length).isEqualTo(BIG);
      assertThat(Arrays.equals(content, 0, BIG / 4, firstQuarter, 0, firstQuarter.length)).isTrue();
      assertThat(Arrays.equals(content, BIG / 4, BIG, rest, 0, rest.length)).isTrue();
      assertThat(slowReader.isClosedByPeer()).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(stopped::isDone);
      assertThat(stopped).isCompleted();
      assertThat(web.state()).isEqualTo(ServiceState.STOPPED);
    }
  }

  @Test
  void closesIdleKeptAliveConnectionsAtOnce() throws Exception {
    try (RawHttpConnection idle = new RawHttpConnection(address)) {
      assertThat(idle.get("/small.txt", "").read().bodyText()).isEqualTo("small");

      CompletableFuture<Void> stopped = web.stop();

      assertThat(idle.isClosedByPeer()).isTrue();
      await().atMost(Duration.ofSeconds(10)).until(stopped::isDone);
      assertThat(stopped).isCompleted();
    }
  }

  @Test
  void countsRequestsByStatus() throws Exception {
    try (RawHttpConnection connection = new RawHttpConnection(address)) {
      connection.get("/small.txt", "").read();
      connection.get("/small.txt", "").read();
      connection.get("/missing", "").read();
    }

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              assertThat(requests("200")).isEqualTo(2.0);
              assertThat(requests("404")).isEqualTo(1.0);
            });
  }

  private double requests(String status) {
    Counter counter =
        fixture
            .metrics()
            .find("twistd.http.requests")
            .tags("service", "site", "status", status)
            .counter();
    return counter == null ? 0 : counter.count();
  }

  private boolean refusesConnections() throws Exception {
    try (Socket probe = new Socket()) {
      probe.connect(address, 2_000);
      return false;
    } catch (ConnectException e) {
      return true;
    }
  }
}
