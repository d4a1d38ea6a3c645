package io.twistd.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The operator's own HTTP endpoints: {@code /healthz} (informers healthy), {@code /readyz} (the
 * operator has started), {@code /metrics} (Prometheus text).
 */
final class HealthServer implements AutoCloseable {

  private final HttpServer server;

  private HealthServer(HttpServer server) {
    this.server = server;
  }

  static HealthServer start(int port, RuntimeInfo runtime, PrometheusMeterRegistry metrics) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 16);
      server.createContext(
          "/healthz",
          exchange ->
              respond(
                  exchange,
                  runtime.allEventSourcesAreHealthy() ? 200 : 503,
                  runtime.allEventSourcesAreHealthy()
                      ? "ok\n"
                      : "unhealthy event sources: " + runtime.unhealthyEventSources() + "\n"));
      server.createContext(
          "/readyz",
          exchange ->
              respond(
                  exchange,
                  runtime.isStarted() ? 200 : 503,
                  runtime.isStarted() ? "ready\n" : "starting\n"));
      server.createContext("/metrics", exchange -> respond(exchange, 200, metrics.scrape()));
      server.start();
      return new HealthServer(server);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve health endpoints on port " + port, e);
    }
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
