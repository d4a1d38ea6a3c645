package io.twistd.operator.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the admin {@code /status} of every pod at once, each bounded by a timeout. A pod without an
 * address, or one that does not answer with a status document, is left out.
 *
 * <p>Thread-safe; the HTTP client is shared.
 */
public final class HttpPodStatusProbe implements PodStatusProbe {

  private static final Logger log = LoggerFactory.getLogger(HttpPodStatusProbe.class);

  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private final Function<Pod, Optional<URI>> statusUri;
  private final Duration timeout;

  /**
   * @param statusUri where a pod serves {@code /status}; empty when it cannot be reached (no IP)
   * @param timeout how long one pod may take to answer
   */
  public HttpPodStatusProbe(Function<Pod, Optional<URI>> statusUri, Duration timeout) {
    this.statusUri = statusUri;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** Reads {@code http://<podIP>:<adminPort>/status}, as the operator does inside the cluster. */
  public static HttpPodStatusProbe onAdminPort(int adminPort, Duration timeout) {
    return new HttpPodStatusProbe(
        pod -> {
          String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
          if (ip == null || ip.isBlank()) {
            return Optional.empty();
          }
          String host = ip.contains(":") ? "[" + ip + "]" : ip;
          return Optional.of(URI.create("http://" + host + ":" + adminPort + "/status"));
        },
        timeout);
  }

  @Override
  public Map<String, PodReport> read(Collection<Pod> pods) {
    Map<String, CompletableFuture<Optional<PodReport>>> pending = new LinkedHashMap<>();
    for (Pod pod : pods) {
      String name = pod.getMetadata().getName();
      statusUri.apply(pod).ifPresent(uri -> pending.put(name, ask(name, uri)));
    }
    Map<String, PodReport> reports = new LinkedHashMap<>();
    pending.forEach((name, answer) -> answer.join().ifPresent(r -> reports.put(name, r)));
    return reports;
  }

  private CompletableFuture<Optional<PodReport>> ask(String pod, URI uri) {
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> parse(pod, response))
        .exceptionally(
            e -> {
              log.debug("pod {} ({}) did not answer: {}", pod, uri, e.toString());
              return Optional.empty();
            });
  }

  private static Optional<Instant> instant(String text) {
    try {
      return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private Optional<PodReport> parse(String pod, HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      log.debug("pod {} answered /status with {}", pod, response.statusCode());
      return Optional.empty();
    }
    try {
      JsonNode status = json.readTree(response.body());
      JsonNode revision = status.path("revision");
      if (!revision.isTextual()) {
        return Optional.empty();
      }
      JsonNode error = status.path("lastReloadError");
      if (!error.isObject()) {
        return Optional.of(new PodReport(revision.asText(), Optional.empty(), Optional.empty()));
      }
      return Optional.of(
          new PodReport(
              revision.asText(),
              Optional.of(error.path("message").asText("the reload was refused")),
              instant(error.path("at").asText(null))));
    } catch (IOException e) {
      log.debug("pod {} answered /status with something other than JSON: {}", pod, e.getMessage());
      return Optional.empty();
    }
  }
}
