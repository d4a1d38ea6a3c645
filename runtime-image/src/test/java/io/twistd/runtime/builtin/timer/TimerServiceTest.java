package io.twistd.runtime.builtin.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.sun.net.httpserver.HttpServer;
import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.ServiceFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class TimerServiceTest {

  @TempDir Path tempDir;
  private ServiceFixture fixture;
  private final ExecutorService httpThreads = Executors.newCachedThreadPool();
  private HttpServer http;

  @BeforeEach
  void makeFixture() {
    fixture = new ServiceFixture(tempDir);
  }

  @AfterEach
  void stop() {
    fixture.close();
    if (http != null) {
      http.stop(0);
    }
    httpThreads.shutdownNow();
  }

  @Test
  void logsTheMessageAtEveryInterval() {
    ch.qos.logback.classic.Logger logger =
        (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LogAction.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    logger.addAppender(logged);
    Level before = logger.getLevel();
    logger.setLevel(Level.INFO); // the test logging config keeps INFO quiet
    try {
      start(Map.of("interval", "50ms", "log", "alive"));
      await().until(() -> runs("success") >= 3);
      assertThat(List.copyOf(logged.list))
          .filteredOn(e -> e.getLevel() == Level.INFO)
          .extracting(ILoggingEvent::getFormattedMessage)
          .hasSizeGreaterThanOrEqualTo(3)
          .allMatch("[tick] alive"::equals);
    } finally {
      logger.setLevel(before);
      logger.detachAppender(logged);
    }
  }

  @Test
  void getsTheUrlAtEveryInterval() throws IOException {
    AtomicInteger requests = serve(0, 204);
    start(Map.of("interval", "50ms", "http", "http://127.0.0.1:" + port() + "/ping"));
    await().until(() -> requests.get() >= 3 && runs("success") >= 3);
    assertThat(runs("failure")).isZero();
  }

  @Test
  void countsFailuresAgainstAClosedPortAndGoesOnUntilAServerAppears() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    start(Map.of("interval", "50ms", "http", "http://127.0.0.1:" + port + "/"));
    await().until(() -> runs("failure") >= 3);
    assertThat(runs("success")).isZero();

    AtomicInteger requests = serve(port, 200);
    await().until(() -> runs("success") >= 2);
    assertThat(requests.get()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void countsAnAnswerOutside2xxAsAFailure() throws IOException {
    serve(0, 503);
    start(Map.of("interval", "50ms", "http", "http://127.0.0.1:" + port() + "/"));
    await().until(() -> runs("failure") >= 2);
    assertThat(runs("success")).isZero();
  }

  @Test
  void stopCancelsTheSchedule() {
    Service timer = start(Map.of("interval", "50ms", "log", "alive"));
    await().until(() -> runs("success") >= 2);
    timer.stop().join();
    double afterStop = runs("success");
    await()
        .during(Duration.ofMillis(400))
        .atMost(Duration.ofSeconds(2))
        .until(() -> runs("success") == afterStop);
  }

  @Test
  void stopWaitsForTheRunningAction() throws IOException {
    CompletableFuture<Void> release = new CompletableFuture<>();
    AtomicInteger requests = new AtomicInteger();
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.setExecutor(httpThreads);
    http.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          release.join();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    http.start();
    Service timer = start(Map.of("interval", "10s", "http", "http://127.0.0.1:" + port() + "/"));
    await().until(() -> requests.get() == 1); // the first run starts at once

    CompletableFuture<Void> stopping = timer.stop();
    await().during(Duration.ofMillis(300)).until(() -> !stopping.isDone());
    release.complete(null);
    await().until(stopping::isDone);
    assertThat(runs("success")).isEqualTo(1);
  }

  @Test
  void refusesBothActionsOrNone() {
    assertThatThrownBy(
            () ->
                fixture.make(
                    "timer",
                    "tick",
                    List.of(),
                    Map.of("interval", "1s", "log", "x", "http", "http://example.test/")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one of the options 'log' and 'http', got both");
    assertThatThrownBy(() -> fixture.make("timer", "tick", List.of(), Map.of("interval", "1s")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got neither");
  }

  private Service start(Map<String, ?> options) {
    return fixture.start(fixture.make("timer", "tick", List.of(), options));
  }

  private double runs(String outcome) {
    return fixture
        .metrics()
        .get("twistd.timer.runs")
        .tags("service", "tick", "outcome", outcome)
        .counter()
        .count();
  }

  private AtomicInteger serve(int port, int status) throws IOException {
    AtomicInteger requests = new AtomicInteger();
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    http.setExecutor(httpThreads);
    http.createContext(
        "/",
        exchange -> {
          requests.incrementAndGet();
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    http.start();
    return requests;
  }

  private int port() {
    return http.getAddress().getPort();
  }
}
