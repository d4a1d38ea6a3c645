package io.twistd.operator.it;

import io.twistd.operator.TwistdOperator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;

/** Reads an in-process operator's HTTP endpoints: /healthz, /readyz and /metrics. */
final class OperatorHttp {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private OperatorHttp() {}

  /** GETs {@code path} from {@code operator}'s health server on loopback. */
  static HttpResponse<String> get(TwistdOperator operator, String path) {
    URI uri = URI.create("http://127.0.0.1:" + operator.healthAddress().getPort() + path);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + uri, e);
    }
  }

  /** {@link #metric(String, String, String...)} of a fresh scrape of {@code operator}. */
  static double metric(TwistdOperator operator, String name, String... labels) {
    return metric(get(operator, "/metrics").body(), name, labels);
  }

  /**
   * The sum of the samples of metric {@code name} in a Prometheus text {@code scrape} whose labels
   * include every one of {@code labels} (each written as in the scrape, e.g. {@code
   * kind="TwistedApplication"}); 0 when there is none.
   */
  static double metric(String scrape, String name, String... labels) {
    return scrape
        .lines()
        .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
        .filter(line -> Arrays.stream(labels).allMatch(line::contains))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
