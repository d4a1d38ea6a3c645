package io.twistd.runtime.config.reload;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ConfigLoader;
import io.twistd.runtime.RuntimeOptions;
import io.twistd.runtime.TwistdRuntime;
import io.twistd.runtime.plugin.ServiceMakers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A runtime started from a config file in a directory, with a {@link ConfigReloader} watching it,
 * as {@code twistd-runtime run} runs one; the test changes the file one {@link FileChange} way.
 */
final class ReloadingRuntime implements AutoCloseable {

  static final String FILE = "app.yaml";

  private final Path directory;
  private final FileChange change;
  private final TwistdRuntime runtime;
  private final ConfigReloader reloader;
  private final HttpClient http = HttpClient.newHttpClient();

  private ReloadingRuntime(
      Path directory, FileChange change, TwistdRuntime runtime, ConfigReloader reloader) {
    this.directory = directory;
    this.change = change;
    this.runtime = runtime;
    this.reloader = reloader;
  }

  /** Writes {@code yaml} to {@code directory/app.yaml} the {@code change} way, and runs it. */
  static ReloadingRuntime start(
      Path directory, FileChange change, String yaml, ServiceMakers makers) throws IOException {
    return start(directory, change, yaml, makers, ConfigReloader.Timing.defaults());
  }

  static ReloadingRuntime start(
      Path directory,
      FileChange change,
      String yaml,
      ServiceMakers makers,
      ConfigReloader.Timing timing)
      throws IOException {
    change.write(directory, FILE, yaml);
    ConfigLoader loader = new ConfigLoader(makers);
    ConfigSnapshot snapshot = ConfigSnapshot.read(directory.resolve(FILE), loader);
    AppConfig config = loader.parse(snapshot.text(), snapshot.file().toString());
    TwistdRuntime runtime =
        TwistdRuntime.start(
            config, directory, makers, RuntimeOptions.defaults().withDrainDelay(Duration.ZERO));
    ConfigReloader reloader = ConfigReloader.forFile(runtime, loader, snapshot, timing);
    reloader.start();
    return new ReloadingRuntime(directory, change, runtime, reloader);
  }

  static ReloadingRuntime start(Path directory, FileChange change, String yaml) throws IOException {
    return start(directory, change, yaml, ServiceMakers.discover());
  }

  TwistdRuntime runtime() {
    return runtime;
  }

  ConfigReloader reloader() {
    return reloader;
  }

  /** Changes the config file to {@code yaml}, the way this runtime's file changes. */
  void write(String yaml) throws IOException {
    change.write(directory, FILE, yaml);
  }

  /** How many reloads had {@code outcome} (applied, invalid, failed). */
  int reloads(String outcome) {
    return count("twistd.config.reloads", outcome);
  }

  /** How many TLS reloads had {@code outcome} (applied, failed). */
  int tlsReloads(String outcome) {
    return count("twistd.tls.reloads", outcome);
  }

  private int count(String name, String outcome) {
    Counter counter = runtime.metrics().find(name).tag("outcome", outcome).counter();
    return counter == null ? 0 : (int) counter.count();
  }

  /** Writes {@code yaml} and waits until one more reload has {@code outcome}. */
  void writeAndAwait(String yaml, String outcome) throws IOException {
    int before = reloads(outcome);
    write(yaml);
    await().atMost(Duration.ofSeconds(20)).until(() -> reloads(outcome) > before);
  }

  /** GETs an admin path, e.g. {@code /status}. */
  String admin(String path) throws IOException, InterruptedException {
    InetSocketAddress admin = (InetSocketAddress) runtime.adminAddress();
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.getPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The {@code /status} document, through the admin server. */
  JsonNode status() throws IOException, InterruptedException {
    return new ObjectMapper().readTree(admin("/status"));
  }

  @Override
  public void close() {
    reloader.close();
    runtime.shutdown().join();
  }
}
