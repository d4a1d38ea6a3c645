package io.twistd.runtime.builtin.timer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * GETs a URL without blocking (the JDK's {@link HttpClient}, following redirects); the run fails on
 * a connect or I/O error, on a timeout, and on a final status outside 2xx. The body is discarded.
 */
public final class HttpAction implements TimerAction {

  private final URI url;
  private final Duration timeout;
  private final HttpClient client;

  /**
   * @param url the http:// or https:// URL to GET
   * @param timeout the bound on connecting and on the whole exchange
   */
  public HttpAction(URI url, Duration timeout) {
    this.url = url;
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public CompletableFuture<Void> run() {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("User-Agent", "twistd-timer")
            .GET()
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenAccept(
            response -> {
              if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("answered HTTP " + response.statusCode());
              }
            });
  }

  @Override
  public String describe() {
    return "GET " + url;
  }
}
