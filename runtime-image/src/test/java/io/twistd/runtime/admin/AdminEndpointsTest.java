package io.twistd.runtime.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ConfigLoader;
import io.twistd.runtime.RuntimeOptions;
import io.twistd.runtime.TwistdRuntime;
import io.twistd.runtime.plugin.ServiceMakers;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminEndpointsTest {

  private static final ServiceMakers MAKERS = ServiceMakers.discover();

  @TempDir Path dir;

  private TwistdRuntime runtime;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    AppConfig config =
        new ConfigLoader(MAKERS)
            .parse(
                """
                application: admin-test
                revision: abc123
                admin: {listen: "tcp:0:interface=127.0.0.1"}
                services:
                  - {name: echo, type: echo, listen: ["tcp:0:interface=127.0.0.1"]}
                  - name: jobs
                    type: multi
                    services: [{name: tick, type: timer, options: {interval: 1h, log: tick}}]
                """,
                "app.yaml");
    runtime =
        TwistdRuntime.start(
            config, dir, MAKERS, RuntimeOptions.defaults().withDrainDelay(Duration.ofSeconds(2)));
  }

  @AfterEach
  void stop() {
    runtime.shutdown().join();
  }

  private HttpResponse<String> get(String path) throws Exception {
    InetSocketAddress admin = (InetSocketAddress) runtime.adminAddress();
    return client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.getPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAndReadinessAreOkWhileRunning() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.body()).isEqualTo("ready\n");
  }

  @Test
  void readinessFailsAtOnceWhenShutdownBeginsWhileServicesStillServe() throws Exception {
    runtime.shutdown();

    HttpResponse<String> ready = get("/readyz");
    assertThat(ready.statusCode()).isEqualTo(503);
    assertThat(ready.body()).isEqualTo("not ready: draining\n");
    assertThat(echoOnce("still here")).isEqualTo("still here");
  }

  @Test
  void statusShowsTheTreeWithTypesStatesAndBoundAddresses() throws Exception {
    JsonNode status = new ObjectMapper().readTree(get("/status").body());

    assertThat(status.get("application").asText()).isEqualTo("admin-test");
    assertThat(status.get("revision").asText()).isEqualTo("abc123");
    assertThat(status.get("phase").asText()).isEqualTo("ready");
    JsonNode echo = status.get("services").get(0);
    assertThat(echo.get("name").asText()).isEqualTo("echo");
    assertThat(echo.get("type").asText()).isEqualTo("echo");
    assertThat(echo.get("state").asText()).isEqualTo("running");
    assertThat(echo.get("listening").get(0).asText()).isEqualTo("127.0.0.1:" + echoPort());
    JsonNode tick = status.get("services").get(1).get("services").get(0);
    assertThat(tick.get("path").asText()).isEqualTo("jobs/tick");
    assertThat(tick.get("type").asText()).isEqualTo("timer");
    assertThat(tick.get("state").asText()).isEqualTo("running");
  }

  @Test
  void metricsIncludeTheJvmsAndTheProcesss() throws Exception {
    String metrics = get("/metrics").body();

    assertThat(metrics)
        .contains("jvm_memory_used_bytes{area=\"heap\"")
        .contains("jvm_gc_memory_allocated_bytes_total")
        .contains("jvm_threads_live_threads")
        .contains("process_cpu_usage")
        .contains("system_cpu_count")
        .contains("process_uptime_seconds");
  }

  @Test
  void metricsCountConnectionsAndBytesPerService() throws Exception {
    echoOnce("0123456789");

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              String metrics = get("/metrics").body();
              assertThat(metrics)
                  .contains("twistd_connections_opened_total{service=\"echo\"} 1.0")
                  .contains("twistd_bytes_received_bytes_total{service=\"echo\"} 10.0")
                  .contains("twistd_bytes_sent_bytes_total{service=\"echo\"} 10.0");
            });
    assertThat(get("/metrics").headers().firstValue("content-type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
  }

  @Test
  void unknownPathsAreNotFoundWithAHint() throws Exception {
    HttpResponse<String> response = get("/nope");
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("/healthz, /readyz, /metrics or /status");
  }

  private int echoPort() {
    return Integer.parseInt(
        StatusDocument.address(
                ((io.twistd.runtime.net.ListeningService)
                        runtime.application().getServiceNamed("echo"))
                    .boundAddresses()
                    .get(0))
            .replaceAll(".*:", ""));
  }

  private String echoOnce(String text) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", echoPort())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(text.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readNBytes(text.length()), StandardCharsets.US_ASCII);
    }
  }
}
