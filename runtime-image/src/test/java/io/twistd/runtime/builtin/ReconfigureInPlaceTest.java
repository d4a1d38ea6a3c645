package io.twistd.runtime.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.twistd.runtime.plugin.Reconfigurable;
import io.twistd.runtime.plugin.ServiceMakers;
import io.twistd.runtime.plugin.ServiceOptions;
import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.RawHttpConnection;
import io.twistd.runtime.testing.ServiceFixture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-ins that take new options while they run ({@link Reconfigurable}): web, proxy, timer. A
 * prepared change alters nothing until committed, and a kept-alive connection sees the new options
 * on its next request.
 */
class ReconfigureInPlaceTest {

  private static final ServiceMakers MAKERS = ServiceMakers.discover();
  private static final Path OPEN_FILES = Path.of("/proc/self/fd");

  @TempDir Path dir;

  private ServiceFixture fixture;
  private final List<HttpServer> servers = new java.util.ArrayList<>();

  @BeforeEach
  void setUp() {
    fixture = new ServiceFixture(dir);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
    servers.forEach(server -> server.stop(0));
  }

  private static ServiceOptions options(String type, Map<String, ?> raw) {
    return ServiceOptions.of(MAKERS.maker(type).orElseThrow().spec(), raw);
  }

  private Path site(String name, String index) throws IOException {
    Path root = Files.createDirectories(dir.resolve(name));
    Files.writeString(root.resolve("index.html"), index);
    return root;
  }

  /** A plain HTTP server that answers every path with {@code body} and counts hits per path. */
  private HttpServer upstream(String body, Map<String, AtomicInteger> hits) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
    server.createContext(
        "/",
        exchange -> {
          hits.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new AtomicInteger())
              .incrementAndGet();
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
    servers.add(server);
    return server;
  }

  @Test
  void webServesTheNewSiteOnAKeptAliveConnection() throws Exception {
    Service web = fixture.start("web", "site", Map.of("path", site("a", "site A").toString()));
    try (RawHttpConnection client = new RawHttpConnection(ServiceFixture.address(web))) {
      assertThat(client.get("/", "").read().bodyText()).isEqualTo("site A");

      Reconfigurable.Change change =
          ((Reconfigurable) web)
              .prepareReconfigure(options("web", Map.of("path", site("b", "site B").toString())))
              .orElseThrow();
      assertThat(client.get("/", "").read().bodyText()).isEqualTo("site A");
      change.commit();

      assertThat(client.get("/", "").read().bodyText()).isEqualTo("site B");
    }
  }

  @Test
  void webClosesTheFilesTheOldSiteKeptOpenWhenTheNewSiteIsCommitted() throws Exception {
    assumeTrue(Files.isDirectory(OPEN_FILES), "needs " + OPEN_FILES);
    Path a = site("a", "site A");
    Path big = Files.write(a.resolve("big.bin"), new byte[64 * 1024]).toRealPath();
    Service web = fixture.start("web", "site", Map.of("path", a.toString()));
    try (RawHttpConnection client = new RawHttpConnection(ServiceFixture.address(web))) {
      assertThat(client.get("/big.bin", "").read().body()).hasSize(64 * 1024);
      assertThat(openDescriptorsOf(big)).isPositive(); // kept open for the next request

      ((Reconfigurable) web)
          .prepareReconfigure(options("web", Map.of("path", site("b", "site B").toString())))
          .orElseThrow()
          .commit();

      await().atMost(Duration.ofSeconds(5)).until(() -> openDescriptorsOf(big) == 0);
      assertThat(client.get("/", "").read().bodyText()).isEqualTo("site B");
      assertThat(client.get("/big.bin", "").read().status()).isEqualTo(404);
    }
  }

  @Test
  void webClosesTheFilesItKeptOpenWhenItStops() throws Exception {
    assumeTrue(Files.isDirectory(OPEN_FILES), "needs " + OPEN_FILES);
    Path a = site("a", "site A");
    Path big = Files.write(a.resolve("big.bin"), new byte[64 * 1024]).toRealPath();
    Service web = fixture.start("web", "site", Map.of("path", a.toString()));
    try (RawHttpConnection client = new RawHttpConnection(ServiceFixture.address(web))) {
      assertThat(client.get("/big.bin", "").read().body()).hasSize(64 * 1024);
    }
    assertThat(openDescriptorsOf(big)).isPositive();

    web.stop().get(10, TimeUnit.SECONDS);

    await().atMost(Duration.ofSeconds(5)).until(() -> openDescriptorsOf(big) == 0);
  }

  /** How many of this process's file descriptors are open on {@code file}. */
  private static long openDescriptorsOf(Path file) throws IOException {
    try (Stream<Path> descriptors = Files.list(OPEN_FILES)) {
      return descriptors
          .filter(
              descriptor -> {
                try {
                  return Files.readSymbolicLink(descriptor).equals(file);
                } catch (IOException closedMeanwhile) {
                  return false;
                }
              })
          .count();
    }
  }

  @Test
  void webRefusesAPathThatIsNotADirectoryAndKeepsServing() throws Exception {
    Service web = fixture.start("web", "site", Map.of("path", site("a", "site A").toString()));

    assertThatThrownBy(
            () ->
                ((Reconfigurable) web)
                    .prepareReconfigure(options("web", Map.of("path", dir.resolve("none") + ""))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("option 'path'");
    try (RawHttpConnection client = new RawHttpConnection(ServiceFixture.address(web))) {
      assertThat(client.get("/", "").read().bodyText()).isEqualTo("site A");
    }
  }

  @Test
  void proxyForwardsToTheNewUpstreamOnAKeptAliveConnection() throws Exception {
    HttpServer one = upstream("one", new ConcurrentHashMap<>());
    HttpServer two = upstream("two", new ConcurrentHashMap<>());
    Service proxy =
        fixture.start(
            "proxy", "api", Map.of("upstream", "http://127.0.0.1:" + one.getAddress().getPort()));
    try (RawHttpConnection client = new RawHttpConnection(ServiceFixture.address(proxy))) {
      assertThat(client.get("/x", "").read().bodyText()).isEqualTo("one");

      ((Reconfigurable) proxy)
          .prepareReconfigure(
              options(
                  "proxy",
                  Map.of(
                      "upstream",
                      "http://127.0.0.1:" + two.getAddress().getPort(),
                      "readTimeout",
                      "10s")))
          .orElseThrow()
          .commit();

      assertThat(client.get("/x", "").read().bodyText()).isEqualTo("two");
      assertThat(client.get("/y", "").read().bodyText()).isEqualTo("two");
    }
  }

  @Test
  void proxyRefusesAnHttpsUpstream() {
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", "http://127.0.0.1:9"));

    assertThatThrownBy(
            () ->
                ((Reconfigurable) proxy)
                    .prepareReconfigure(options("proxy", Map.of("upstream", "https://x:443"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("option 'upstream'");
  }

  @Test
  void timerTakesANewIntervalAndActionWithoutARestart() throws Exception {
    Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    int port = upstream("ok", hits).getAddress().getPort();
    Service timer =
        fixture.start(
            fixture.make(
                "timer",
                "tick",
                List.of(),
                Map.of("interval", "1h", "http", "http://127.0.0.1:" + port + "/first")));
    await().until(() -> count(hits, "/first") == 1); // the run at start

    ((Reconfigurable) timer)
        .prepareReconfigure(
            options(
                "timer",
                Map.of("interval", "50ms", "http", "http://127.0.0.1:" + port + "/second")))
        .orElseThrow()
        .commit();

    await().atMost(Duration.ofSeconds(10)).until(() -> count(hits, "/second") >= 3);
    assertThat(count(hits, "/first")).isEqualTo(1);
    assertThat(timer.state()).isEqualTo(io.twistd.runtime.service.ServiceState.RUNNING);
  }

  private static int count(Map<String, AtomicInteger> hits, String path) {
    AtomicInteger count = hits.get(path);
    return count == null ? 0 : count.get();
  }
}
