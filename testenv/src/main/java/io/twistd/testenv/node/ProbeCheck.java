package io.twistd.testenv.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one probe of a container once, as the kubelet's prober does: an HTTP GET that succeeds with
 * a status from 200 to 399, a TCP connect, or a command run in the container's namespaces that
 * succeeds with exit code 0. Each has the probe's timeout. HTTPS is not supported.
 *
 * <p>Thread-safe; results complete on the given executor or the HTTP client's threads.
 */
final class ProbeCheck {

  private static final Logger LOG = LoggerFactory.getLogger(ProbeCheck.class);

  private final HttpClient http;
  private final Executor executor;

  ProbeCheck(HttpClient http, Executor executor) {
    this.http = http;
    this.executor = executor;
  }

  /**
   * Runs {@code probe} of {@code container}, whose pod has {@code podIp} and whose main process is
   * {@code pid}; completes with whether it succeeded, never exceptionally.
   */
  CompletableFuture<Boolean> run(Probe probe, Container container, String podIp, long pid) {
    Duration timeout = Duration.ofSeconds(positive(probe.getTimeoutSeconds(), 1));
    try {
      if (probe.getHttpGet() != null) {
        return httpGet(probe.getHttpGet(), container, podIp, timeout);
      }
      if (probe.getTcpSocket() != null) {
        int port = port(probe.getTcpSocket().getPort(), container);
        String host =
            probe.getTcpSocket().getHost() == null ? podIp : probe.getTcpSocket().getHost();
        return CompletableFuture.supplyAsync(() -> connects(host, port, timeout), executor);
      }
      if (probe.getExec() != null) {
        List<String> command =
            new ArrayList<>(
                List.of(
                    "nsenter", "--target", Long.toString(pid), "--net", "--mount", "--uts", "--"));
        command.addAll(probe.getExec().getCommand());
        return CompletableFuture.supplyAsync(() -> exits0(command, timeout), executor);
      }
    } catch (IllegalArgumentException e) {
      LOG.warn("container {}: probe cannot run: {}", container.getName(), e.getMessage());
      return CompletableFuture.completedFuture(false);
    }
    LOG.warn("container {}: probe kind not supported by the process node", container.getName());
    return CompletableFuture.completedFuture(false);
  }

  private CompletableFuture<Boolean> httpGet(
      HTTPGetAction action, Container container, String podIp, Duration timeout) {
    if ("HTTPS".equalsIgnoreCase(action.getScheme())) {
      throw new IllegalArgumentException("HTTPS probes are not supported");
    }
    String host = action.getHost() == null || action.getHost().isEmpty() ? podIp : action.getHost();
    String path = action.getPath() == null || action.getPath().isEmpty() ? "/" : action.getPath();
    URI uri = URI.create("http://" + host + ":" + port(action.getPort(), container) + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    if (action.getHttpHeaders() != null) {
      action
          .getHttpHeaders()
          .forEach(header -> request.header(header.getName(), header.getValue()));
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding())
        .handle(
            (response, error) -> {
              if (error != null) {
                LOG.debug("probe {} failed: {}", uri, error.toString());
                return false;
              }
              return response.statusCode() >= 200 && response.statusCode() < 400;
            });
  }

  private static boolean connects(String host, int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean exits0(List<String> command, Duration timeout) {
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The number of {@code port}, which names one of {@code container}'s ports or is a number. */
  static int port(IntOrString port, Container container) {
    if (port == null) {
      throw new IllegalArgumentException("the probe names no port");
    }
    if (port.getIntVal() != null) {
      return port.getIntVal();
    }
    String name = port.getStrVal();
    List<ContainerPort> ports = container.getPorts() == null ? List.of() : container.getPorts();
    return ports.stream()
        .filter(p -> name.equals(p.getName()))
        .map(ContainerPort::getContainerPort)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the container has no port named " + name));
  }

  private static int positive(Integer value, int fallback) {
    return value == null || value <= 0 ? fallback : value;
  }
}
