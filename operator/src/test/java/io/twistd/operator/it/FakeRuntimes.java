package io.twistd.operator.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.operator.rollout.HttpPodStatusProbe;
import io.twistd.operator.rollout.PodStatusProbe;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers {@code /status} for the fake node's pods, as their runtimes would, on one loopback HTTP
 * server: {@code /pods/<namespace>/<pod>/status}. A pod runs the revision its HotReload ConfigMap
 * holds at the moment it is asked (the kubelet and the runtime reload at once), unless the test
 * holds it at a revision or makes it refuse one.
 */
final class FakeRuntimes implements AutoCloseable {

  private static final Pattern PATH = Pattern.compile("/pods/([^/]+)/([^/]+)/status");
  private static final Pattern REVISION =
      Pattern.compile("(?m)^revision: *[\"']?([0-9a-f]+)[\"']?$");

  private final HttpServer server;
  private volatile KubernetesClient client;
  private final Map<String, String> held = new ConcurrentHashMap<>();
  private final Map<String, String> refusals = new ConcurrentHashMap<>();

  FakeRuntimes() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the fake runtimes' server", e);
    }
    server.createContext("/pods/", this::answer);
    server.start();
  }

  /** Reads pods and ConfigMaps through {@code client} from now on. */
  void attach(KubernetesClient client) {
    this.client = client;
  }

  /** The probe the operator should use to reach these fake runtimes. */
  PodStatusProbe probe() {
    int port = server.getAddress().getPort();
    return new HttpPodStatusProbe(
        pod ->
            Optional.of(
                URI.create(
                    "http://127.0.0.1:"
                        + port
                        + "/pods/"
                        + pod.getMetadata().getNamespace()
                        + "/"
                        + pod.getMetadata().getName()
                        + "/status")),
        Duration.ofSeconds(2));
  }

  /** Keeps {@code pod} on {@code revision}, as a pod whose kubelet has not synced yet. */
  void hold(Pod pod, String revision) {
    held.put(pod.getMetadata().getName(), revision);
  }

  /** Makes {@code pod} stay on {@code revision} and report {@code error} for any other. */
  void refuse(Pod pod, String revision, String error) {
    held.put(pod.getMetadata().getName(), revision);
    refusals.put(pod.getMetadata().getName(), error);
  }

  /** Lets every pod follow its ConfigMap again. */
  void releaseAll() {
    held.clear();
    refusals.clear();
  }

  private void answer(HttpExchange exchange) throws IOException {
    Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
    if (!path.matches()) {
      reply(exchange, 404, "{}");
      return;
    }
    String namespace = path.group(1);
    String pod = path.group(2);
    Optional<String> loaded = configMapRevision(namespace, pod);
    String revision = held.getOrDefault(pod, loaded.orElse(""));
    String refusal = refusals.get(pod);
    String error =
        refusal == null || loaded.map(revision::equals).orElse(true)
            ? "null"
            : "{\"at\": \"" + Instant.now() + "\", \"message\": \"" + refusal + "\"}";
    reply(
        exchange, 200, "{\"revision\": \"" + revision + "\", \"lastReloadError\": " + error + "}");
  }

  private Optional<String> configMapRevision(String namespace, String podName) {
    if (client == null) {
      return Optional.empty();
    }
    Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
    if (pod == null) {
      return Optional.empty();
    }
    return pod.getSpec().getVolumes().stream()
        .filter(v -> v.getConfigMap() != null)
        .findFirst()
        .map(
            v ->
                client
                    .configMaps()
                    .inNamespace(namespace)
                    .withName(v.getConfigMap().getName())
                    .get())
        .map(ConfigMap::getData)
        .map(data -> data.get("app.yaml"))
        .flatMap(
            yaml -> {
              Matcher m = REVISION.matcher(yaml);
              return m.find() ? Optional.of(m.group(1)) : Optional.empty();
            });
  }

  private static void reply(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
