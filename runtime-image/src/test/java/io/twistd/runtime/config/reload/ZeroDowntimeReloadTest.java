package io.twistd.runtime.config.reload;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.twistd.runtime.net.ListeningService;
import io.twistd.runtime.service.MultiService;
import io.twistd.runtime.service.Service;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Twenty reloads in a row while four client threads keep web, proxy and echo services busy, on new
 * and kept-alive connections: options change, the web and echo services move to new ports and back,
 * services come and go, the config section changes; an invalid file in the middle changes nothing.
 * Not one request fails and not one connection is refused.
 */
class ZeroDowntimeReloadTest {

  private static final Logger log = LoggerFactory.getLogger(ZeroDowntimeReloadTest.class);

  @TempDir Path dir;

  /** The config file's variable parts. */
  private static final class Shape {
    int revision = 1;
    List<Integer> webPorts = new ArrayList<>();
    String site = "site-a";
    boolean listing;
    int upstreamPort;
    String readTimeout = "30s";
    List<Integer> echoPorts = new ArrayList<>();
    boolean extra;
    boolean quote;
    String quoteText = "hi";
    String tick = "1h";
    String greeting = "hello";
    int backendA;
    int backendB;

    String yaml() {
      StringBuilder out = new StringBuilder();
      out.append("application: load\nrevision: r").append(revision).append('\n');
      out.append("admin: {listen: \"tcp:0:interface=127.0.0.1\"}\n");
      out.append("logging: {level: warn}\n");
      out.append("services:\n");
      out.append("  - {name: backend-a, type: web, listen: [").append(endpoint(backendA));
      out.append("], options: {path: backend-a}}\n");
      out.append("  - {name: backend-b, type: web, listen: [").append(endpoint(backendB));
      out.append("], options: {path: backend-b}}\n");
      if (extra) {
        out.append("  - {name: extra, type: daytime, listen: [").append(endpoint(0)).append("]}\n");
      }
      out.append("  - {name: web, type: web, listen: [").append(endpoints(webPorts));
      out.append("], options: {path: ").append(site).append(", listing: ").append(listing);
      out.append("}}\n");
      out.append("  - {name: api, type: proxy, listen: [").append(endpoint(0));
      out.append("], options: {upstream: \"http://127.0.0.1:").append(upstreamPort);
      out.append("\", readTimeout: ").append(readTimeout).append("}}\n");
      out.append("  - {name: echo, type: echo, listen: [").append(endpoints(echoPorts));
      out.append("]}\n");
      out.append("  - name: jobs\n    type: multi\n    services:\n");
      out.append("      - {name: tick, type: timer, options: {interval: ").append(tick);
      out.append(", log: tick}}\n");
      if (quote) {
        out.append("  - {name: quote, type: qotd, listen: [").append(endpoint(0));
        out.append("], options: {quote: ").append(quoteText).append("}}\n");
      }
      out.append("config: {greeting: ").append(greeting).append("}\n");
      return out.toString();
    }

    private static String endpoints(List<Integer> ports) {
      return ports.stream().map(Shape::endpoint).collect(Collectors.joining(", "));
    }

    private static String endpoint(int port) {
      return "\"tcp:" + port + ":interface=127.0.0.1\"";
    }
  }

  /** One step of the series: what changes in the file, and where clients go once it applied. */
  private record Step(String what, Consumer<Shape> change, Runnable moveClients) {}

  private volatile int webClientPort;
  private volatile int echoClientPort;
  private ReloadingRuntime app;

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  private void page(String directory, String content) throws IOException {
    Files.writeString(
        Files.createDirectories(dir.resolve(directory)).resolve("index.html"), content);
  }

  @Test
  void twentyReloadsUnderLoadFailNoRequestAndRefuseNoConnection() throws Exception {
    page("site-a", "A");
    page("site-b", "B");
    page("backend-a", "backend A");
    page("backend-b", "backend B");
    int web1 = freePort();
    int web2 = freePort();
    int echo1 = freePort();
    int echo2 = freePort();
    Shape shape = new Shape();
    shape.backendA = freePort();
    shape.backendB = freePort();
    shape.upstreamPort = shape.backendA;
    shape.webPorts.add(web1);
    shape.echoPorts.add(echo1);
    webClientPort = web1;
    echoClientPort = echo1;
    app = ReloadingRuntime.start(dir, FileChange.ATOMIC_WRITER, shape.yaml());
    Service web = service("web");
    Service proxy = service("api");
    Service echo = service("echo");
    InetSocketAddress proxyAddress = bound("api").get(0);
    Runnable stay = () -> {};
    List<Step> series =
        List.of(
            new Step("web lists directories", s -> s.listing = true, stay),
            new Step("proxy to backend B", s -> s.upstreamPort = s.backendB, stay),
            new Step("config changes", s -> s.greeting = "bonjour", stay),
            new Step("a service is added", s -> s.extra = true, stay),
            new Step(
                "web also listens on a new port",
                s -> s.webPorts.add(web2),
                () -> webClientPort = web2),
            new Step("web leaves its first port", s -> s.webPorts.remove((Integer) web1), stay),
            new Step("proxy timeouts change", s -> s.readTimeout = "10s", stay),
            new Step("the timer's interval changes", s -> s.tick = "30m", stay),
            new Step("the added service is removed", s -> s.extra = false, stay),
            new Step("web serves another site", s -> s.site = "site-b", stay),
            new Step(
                "web listens on its first port again",
                s -> s.webPorts.add(web1),
                () -> webClientPort = web1),
            new Step("web leaves the new port", s -> s.webPorts.remove((Integer) web2), stay),
            new Step(
                "echo also listens on a new port",
                s -> s.echoPorts.add(echo2),
                () -> echoClientPort = echo2),
            new Step("echo leaves its first port", s -> s.echoPorts.remove((Integer) echo1), stay),
            new Step("a quote service is added", s -> s.quote = true, stay),
            new Step("the quote service is replaced", s -> s.quoteText = "hello", stay),
            new Step("proxy back to backend A", s -> s.upstreamPort = s.backendA, stay),
            new Step("config changes again", s -> s.greeting = "hej", stay),
            new Step(
                "echo listens on its first port again",
                s -> s.echoPorts.add(echo1),
                () -> echoClientPort = echo1),
            new Step("echo leaves the new port", s -> s.echoPorts.remove((Integer) echo2), stay));
    assertThat(series).hasSize(20);

    LoadClients clients =
        new LoadClients(
            4,
            Duration.ofMinutes(3),
            List.of(
                new LoadClients.Target("web", () -> loopback(webClientPort), Set.of("A", "B")),
                new LoadClients.Target(
                    "proxy", () -> proxyAddress, Set.of("backend A", "backend B")),
                new LoadClients.Target("echo", () -> loopback(echoClientPort), Set.of("echo"))));
    long began = System.nanoTime();
    try (clients) {
      clients.start();
      clients.awaitEveryThreadMovedOn();
      for (int i = 0; i < series.size(); i++) {
        Step step = series.get(i);
        step.change().accept(shape);
        shape.revision++;
        app.writeAndAwait(shape.yaml(), "applied");
        step.moveClients().run();
        clients.awaitEveryThreadMovedOn();
        if (i == series.size() / 2) {
          anInvalidFileChangesNothing(shape, clients);
        }
      }
    }
    long seconds = (System.nanoTime() - began) / 1_000_000_000;
    log.info(
        "{} requests on new connections and {} kept alive over {} reloads in {} s",
        clients.newConnectionRequests(),
        clients.keptAliveRequests(),
        series.size(),
        seconds);

    assertThat(clients.failures()).as("failed requests").isEmpty();
    assertThat(clients.refused()).as("refused connections").isZero();
    assertThat(clients.newConnectionRequests()).isGreaterThan(200);
    assertThat(clients.keptAliveRequests()).isGreaterThan(200);
    assertThat(app.reloads("applied")).isEqualTo(20);
    assertThat(app.reloads("invalid")).isEqualTo(1);
    assertThat(app.reloads("failed")).isZero();
    assertThat(service("web")).as("web changed in place").isSameAs(web);
    assertThat(service("api")).as("proxy changed in place").isSameAs(proxy);
    assertThat(service("echo")).as("echo changed in place").isSameAs(echo);
    assertThat(bound("web")).containsExactly(loopback(web1));
    assertThat(bound("echo")).containsExactly(loopback(echo1));
    assertThat(app.status().get("revision").asText()).isEqualTo("r21");
    assertThat(app.status().get("lastReloadError").isNull()).isTrue();
  }

  private void anInvalidFileChangesNothing(Shape shape, LoadClients clients) throws Exception {
    Map<String, Service> services = tree();
    Map<String, List<InetSocketAddress>> addresses = addresses();
    String revision = app.status().get("revision").asText();

    app.writeAndAwait(
        shape.yaml().replace("listing: " + shape.listing, "listing: maybe"), "invalid");
    clients.awaitEveryThreadMovedOn();

    assertThat(tree()).isEqualTo(services);
    assertThat(addresses()).isEqualTo(addresses);
    JsonNode status = app.status();
    assertThat(status.get("revision").asText()).isEqualTo(revision);
    JsonNode error = status.get("lastReloadError");
    assertThat(error.get("outcome").asText()).isEqualTo("invalid");
    assertThat(error.get("problems").get(0).get("path").asText())
        .isEqualTo("services[2].options.listing");
    assertThat(error.get("problems").get(0).get("line").asInt()).isPositive();
    assertThat(app.admin("/metrics"))
        .contains("twistd_config_reloads_total{outcome=\"invalid\"} 1.0");
  }

  private Service service(String name) {
    return app.runtime().application().getServiceNamed(name);
  }

  private List<InetSocketAddress> bound(String name) {
    return ((ListeningService) service(name))
        .boundAddresses().stream().map(InetSocketAddress.class::cast).toList();
  }

  /** Every service of the tree by path; the instances themselves, to compare by identity. */
  private Map<String, Service> tree() {
    Map<String, Service> out = new LinkedHashMap<>();
    collect(app.runtime().application(), out);
    return out;
  }

  private static void collect(MultiService parent, Map<String, Service> out) {
    for (Service child : parent.services()) {
      out.put(child.path(), child);
      if (child instanceof MultiService multi) {
        collect(multi, out);
      }
    }
  }

  private Map<String, List<InetSocketAddress>> addresses() {
    Map<String, List<InetSocketAddress>> out = new LinkedHashMap<>();
    tree()
        .forEach(
            (path, service) -> {
              if (service instanceof ListeningService listening) {
                List<InetSocketAddress> bound = new ArrayList<>();
                for (SocketAddress address : listening.boundAddresses()) {
                  bound.add((InetSocketAddress) address);
                }
                out.put(path, bound);
              }
            });
    return out;
  }

  @org.junit.jupiter.api.AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }
}
