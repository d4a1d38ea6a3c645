package io.twistd.runtime.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twistd.runtime.testing.AtomicWriterVolume;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} as the container runs it, on a config directory the kubelet updates: a swapped file
 * is applied live, and SIGHUP retries a file that could not be applied.
 */
class SighupReloadTest {

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  private String get(int port, String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (IOException e) {
      return "unreachable: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private JsonNode status(int adminPort) throws IOException {
    return new ObjectMapper().readTree(get(adminPort, "/status"));
  }

  private static String config(int admin, int web, String site, String extra) {
    return """
        application: hup
        admin: {listen: "tcp:%d:interface=127.0.0.1"}
        logging: {level: info, format: text}
        services:
          - {name: web, type: web, listen: ["tcp:%d:interface=127.0.0.1"], options: {path: %s}}
        %s"""
        .formatted(admin, web, site, extra);
  }

  @Test
  void appliesASwappedConfigMapAndRetriesARefusedOneOnSighup() throws Exception {
    for (String site : new String[] {"site-a", "site-b"}) {
      Files.writeString(Files.createDirectories(dir.resolve(site)).resolve("index.html"), site);
    }
    Path volume = Files.createDirectories(dir.resolve("etc"));
    int admin = RuntimeProcess.freePort();
    int web = RuntimeProcess.freePort();
    AtomicWriterVolume configMap = new AtomicWriterVolume(volume);
    configMap.write(Map.of("app.yaml", config(admin, web, "../site-a", "")));

    try (RuntimeProcess runtime =
        RuntimeProcess.start(
            dir, "run", "--drain-delay", "0s", volume.resolve("app.yaml").toString())) {
      runtime.awaitReady(admin);
      assertThat(get(web, "/")).isEqualTo("site-a");

      configMap.write(Map.of("app.yaml", config(admin, web, "../site-b", "")));
      await().atMost(Duration.ofSeconds(10)).until(() -> get(web, "/").equals("site-b"));

      try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
        int port = taken.getLocalPort();
        String extra =
            "  - {name: late, type: echo, listen: [\"tcp:%d:interface=127.0.0.1\"]}\n"
                .formatted(port);
        configMap.write(Map.of("app.yaml", config(admin, web, "../site-b", extra)));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> !status(admin).get("lastReloadError").isNull());
        assertThat(status(admin).get("lastReloadError").get("outcome").asText())
            .isEqualTo("failed");
      }

      runtime.signal("HUP");

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> status(admin).get("lastReloadError").isNull());
      assertThat(status(admin).get("services").get(1).get("name").asText()).isEqualTo("late");
      assertThat(runtime.isAlive()).isTrue();
      assertThat(runtime.output()).contains("received SIGHUP");
      runtime.signal("TERM");
      assertThat(runtime.awaitExit(Duration.ofSeconds(20))).as(runtime.output()).isZero();
    }
  }
}
