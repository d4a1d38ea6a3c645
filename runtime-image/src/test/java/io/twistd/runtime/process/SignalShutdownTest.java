package io.twistd.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime as a real process: SIGTERM and SIGINT with requests in flight, and start failures.
 */
class SignalShutdownTest {

  private static final int IN_FLIGHT = 8;

  @TempDir Path dir;

  private HttpServer upstream;
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicInteger arrived = new AtomicInteger();
  private int adminPort;
  private int proxyPort;

  @BeforeEach
  void startHeldUpstream() throws IOException {
    upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    upstream.setExecutor(Executors.newCachedThreadPool());
    upstream.createContext(
        "/",
        exchange -> {
          arrived.incrementAndGet();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = "held response".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    upstream.start();
    adminPort = RuntimeProcess.freePort();
    proxyPort = RuntimeProcess.freePort();
  }

  @AfterEach
  void stopUpstream() {
    release.countDown();
    upstream.stop(0);
  }

  private Path config() throws IOException {
    return Files.writeString(
        dir.resolve("app.yaml"),
        """
        application: held
        admin: {listen: "tcp:%d:interface=127.0.0.1"}
        logging: {level: info, format: text}
        services:
          - name: api
            type: proxy
            listen: ["tcp:%d:interface=127.0.0.1"]
            options: {upstream: "http://127.0.0.1:%d", readTimeout: 60s}
        """
            .formatted(adminPort, proxyPort, upstream.getAddress().getPort()));
  }

  private List<CompletableFuture<HttpResponse<String>>> sendHeldRequests() {
    HttpClient client = HttpClient.newHttpClient();
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < IN_FLIGHT; i++) {
      responses.add(
          client.sendAsync(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + "/r/" + i))
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> arrived.get() == IN_FLIGHT);
    return responses;
  }

  @Test
  void sigtermLetsEveryInFlightRequestFinishAndExitsZero() throws Exception {
    try (RuntimeProcess runtime =
        RuntimeProcess.start(dir, "run", "--drain-delay", "0s", config().toString())) {
      runtime.awaitReady(adminPort);
      List<CompletableFuture<HttpResponse<String>>> responses = sendHeldRequests();

      runtime.signal("TERM");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> RuntimeProcess.readyzStatus(adminPort) == 503);
      assertThatThrownBy(() -> new Socket("127.0.0.1", proxyPort).close())
          .isInstanceOf(ConnectException.class);
      release.countDown();

      for (CompletableFuture<HttpResponse<String>> response : responses) {
        assertThat(response.get().statusCode()).isEqualTo(200);
        assertThat(response.get().body()).isEqualTo("held response");
      }
      assertThat(runtime.awaitExit(Duration.ofSeconds(20))).as(runtime.output()).isZero();
      assertThat(runtime.output())
          .contains("received SIGTERM")
          .contains("all services of 'held' stopped");
    }
  }

  @Test
  void sigintShutsDownTheSameWay() throws Exception {
    try (RuntimeProcess runtime =
        RuntimeProcess.start(dir, "run", "--drain-delay", "0s", config().toString())) {
      runtime.awaitReady(adminPort);

      runtime.signal("INT");

      assertThat(runtime.awaitExit(Duration.ofSeconds(20))).as(runtime.output()).isZero();
      assertThat(runtime.output()).contains("received SIGINT");
    }
  }

  @Test
  void drainDelayKeepsServingWhileUnready() throws Exception {
    try (RuntimeProcess runtime =
        RuntimeProcess.start(dir, "run", "--drain-delay", "3s", config().toString())) {
      runtime.awaitReady(adminPort);
      release.countDown();

      runtime.signal("TERM");
      await()
          .atMost(Duration.ofSeconds(2))
          .until(() -> RuntimeProcess.readyzStatus(adminPort) == 503);

      HttpResponse<String> during =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort + "/late"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(during.statusCode()).isEqualTo(200);
      assertThat(runtime.awaitExit(Duration.ofSeconds(20))).as(runtime.output()).isZero();
    }
  }

  @Test
  void graceRunningOutExitsNonZeroNamingTheServiceThatDidNotStop() throws Exception {
    try (RuntimeProcess runtime =
        RuntimeProcess.start(
            dir, "run", "--drain-delay", "0s", "--grace-period", "1s", config().toString())) {
      runtime.awaitReady(adminPort);
      sendHeldRequests();

      runtime.signal("TERM");

      assertThat(runtime.awaitExit(Duration.ofSeconds(20))).as(runtime.output()).isEqualTo(1);
      assertThat(runtime.output()).contains("'api': did not stop within the grace period of 1s");
    }
  }

  @Test
  void bindFailureExitsOneNamingTheServiceAndTheEndpoint() throws Exception {
    try (ServerSocket taken =
            new ServerSocket(proxyPort, 50, java.net.InetAddress.getLoopbackAddress());
        RuntimeProcess runtime = RuntimeProcess.start(dir, "run", config().toString())) {
      assertThat(runtime.awaitExit(Duration.ofSeconds(20))).as(runtime.output()).isEqualTo(1);
      assertThat(runtime.output())
          .contains(
              "application 'held' failed to start: service 'api' failed to start: cannot listen on"
                  + " tcp:"
                  + proxyPort
                  + ":interface=127.0.0.1: ")
          .containsIgnoringCase("address already in use");
      assertThat(taken.isBound()).isTrue();
    }
  }
}
