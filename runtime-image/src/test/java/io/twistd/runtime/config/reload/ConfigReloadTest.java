package io.twistd.runtime.config.reload;

import static io.twistd.runtime.testing.ConnectLoop.echoOnce;
import static io.twistd.runtime.testing.ConnectLoop.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import io.twistd.api.config.ConfigLoader;
import io.twistd.runtime.builtin.timer.TimerService;
import io.twistd.runtime.net.ListeningService;
import io.twistd.runtime.plugin.ServiceMakers;
import io.twistd.runtime.service.MultiService;
import io.twistd.runtime.service.Service;
import io.twistd.runtime.service.ServiceState;
import io.twistd.runtime.testing.RawHttpConnection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/** A running runtime applies a changed config file live, and refuses one it cannot use. */
class ConfigReloadTest {

  private static final String LOOPBACK = "\"tcp:0:interface=127.0.0.1\"";
  private static final String BASE =
      """
      application: reload-test
      revision: r1
      admin: {listen: %s}
      logging: {level: warn}
      services:
        - {name: web, type: web, listen: [%s], options: {path: site-a}}
        - {name: echo, type: echo, listen: [%s]}
        - {name: quote, type: qotd, listen: [%s], options: {quote: hi}}
        - name: jobs
          type: multi
          services: [{name: tick, type: timer, options: {interval: 1h, log: tick}}]
      config: {greeting: hello}
      """
          .formatted(LOOPBACK, LOOPBACK, LOOPBACK, LOOPBACK);

  @TempDir Path dir;

  private ReloadingRuntime app;

  @BeforeEach
  void sites() throws IOException {
    Files.writeString(Files.createDirectories(dir.resolve("site-a")).resolve("index.html"), "A");
    Files.writeString(Files.createDirectories(dir.resolve("site-b")).resolve("index.html"), "B");
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private Service service(String path) {
    Service current = app.runtime().application();
    for (String name : path.split("/")) {
      current = ((MultiService) current).getServiceNamed(name);
    }
    return current;
  }

  private InetSocketAddress address(String path) {
    return (InetSocketAddress) ((ListeningService) service(path)).boundAddresses().get(0);
  }

  private static InetSocketAddress loopback(int port) {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
  }

  @ParameterizedTest
  @EnumSource(FileChange.class)
  void eachWayOfChangingTheFileAppliesItExactlyOnce(FileChange change) throws Exception {
    app = ReloadingRuntime.start(dir, change, BASE);
    Instant started = Instant.parse(app.status().get("appliedAt").asText());
    String firstHash = app.status().get("configHash").asText();

    app.write(BASE.replace("revision: r1", "revision: r2").replace("hello", "bonjour"));

    await().atMost(Duration.ofSeconds(10)).until(() -> app.reloads("applied") == 1);
    await()
        .during(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> app.reloads("applied") == 1);
    JsonNode status = app.status();
    assertThat(status.get("revision").asText()).isEqualTo("r2");
    assertThat(Instant.parse(status.get("appliedAt").asText())).isAfter(started);
    assertThat(status.get("configHash").asText()).startsWith("sha256:").isNotEqualTo(firstHash);
    assertThat(status.get("lastReloadError").isNull()).isTrue();
    assertThat(app.reloads("invalid") + app.reloads("failed")).isZero();
  }

  @Test
  void aRehearsedReloadPreparesEveryReconfigurableServiceAndChangesNothing() throws Exception {
    app = ReloadingRuntime.start(dir, FileChange.ATOMIC_WRITER, BASE);
    List<Service> before = app.runtime().application().services();
    Service tick = service("jobs/tick");
    ConfigLoader loader = new ConfigLoader(ServiceMakers.discover());
    String source = dir.resolve(ReloadingRuntime.FILE).toString();

    int prepared = app.runtime().rehearseReload(loader.parse(BASE, source));
    int preparedForAnotherConfig =
        app.runtime().rehearseReload(loader.parse(BASE.replace("site-a", "site-b"), source));

    assertThat(prepared).as("web and jobs/tick take options in place").isEqualTo(2);
    assertThat(preparedForAnotherConfig).as("not what runs: left to a real reload").isZero();
    assertThat(app.runtime().application().services()).containsExactlyElementsOf(before);
    assertThat(service("jobs/tick")).isSameAs(tick);
    try (RawHttpConnection browser = new RawHttpConnection(address("web"))) {
      assertThat(browser.get("/index.html", "").read().bodyText()).isEqualTo("A");
    }
    assertThat(app.reloads("applied") + app.reloads("invalid") + app.reloads("failed")).isZero();
    assertThat(app.status().get("revision").asText()).isEqualTo("r1");
  }

  @Test
  void rewritingTheSameContentAppliesNothing() throws Exception {
    app = ReloadingRuntime.start(dir, FileChange.ATOMIC_WRITER, BASE);

    app.write(BASE);
    app.reloader().reloadNow("SIGHUP").join();

    await()
        .during(Duration.ofMillis(800))
        .atMost(Duration.ofSeconds(3))
        .until(() -> app.reloads("applied") == 0);
    assertThat(app.status().get("revision").asText()).isEqualTo("r1");
  }

  @Test
  void aChangeAppliedOnSighupAndRevertedBeforeTheWatcherLooksIsRevertedToo() throws Exception {
    ConfigReloader.Timing slowWatcher =
        new ConfigReloader.Timing(
            Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofHours(1));
    app =
        ReloadingRuntime.start(
            dir,
            FileChange.IN_PLACE,
            BASE,
            io.twistd.runtime.plugin.ServiceMakers.discover(),
            slowWatcher);

    app.write(BASE.replace("revision: r1", "revision: r2"));
    app.reloader().reloadNow("SIGHUP").join();
    assertThat(app.status().get("revision").asText()).isEqualTo("r2");
    app.write(BASE); // back to what the watcher saw last, within its quiet period

    await().atMost(Duration.ofSeconds(10)).until(() -> app.reloads("applied") == 2);
    assertThat(app.status().get("revision").asText()).isEqualTo("r1");
  }

  @Test
  void anInvalidFileChangesNothingAndIsReportedInStatusAndMetrics() throws Exception {
    app = ReloadingRuntime.start(dir, FileChange.ATOMIC_WRITER, BASE);
    List<Service> before = app.runtime().application().services();
    InetSocketAddress web = address("web");

    app.writeAndAwait(
        BASE.replace("revision: r1", "revision: r2").replace("type: echo", "type: nosuch"),
        "invalid");

    assertThat(app.runtime().application().services()).containsExactlyElementsOf(before);
    assertThat(address("web")).isEqualTo(web);
    JsonNode status = app.status();
    assertThat(status.get("revision").asText()).isEqualTo("r1");
    JsonNode error = status.get("lastReloadError");
    assertThat(error.get("outcome").asText()).isEqualTo("invalid");
    JsonNode problem = error.get("problems").get(0);
    assertThat(problem.get("file").asText()).isEqualTo(dir.resolve("app.yaml").toString());
    assertThat(problem.get("line").asInt()).isEqualTo(7);
    assertThat(problem.get("column").asInt()).isPositive();
    assertThat(problem.get("path").asText()).isEqualTo("services[1].type");
    assertThat(problem.get("message").asText()).contains("nosuch");
    assertThat(error.get("message").asText())
        .contains(dir.resolve("app.yaml") + ":7:")
        .contains("services[1].type");
    assertThat(app.admin("/metrics"))
        .contains("twistd_config_reloads_total{outcome=\"invalid\"} 1.0")
        .contains("twistd_config_reloads_total{outcome=\"applied\"} 0.0");

    app.writeAndAwait(BASE.replace("revision: r1", "revision: r3"), "applied");
    assertThat(app.status().get("lastReloadError").isNull()).isTrue();
  }

  @Test
  void onlyTheServicesThatDifferChange() throws Exception {
    app = ReloadingRuntime.start(dir, FileChange.ATOMIC_WRITER, BASE);
    Service web = service("web");
    Service echo = service("echo");
    Service quote = service("quote");
    Service tick = service("jobs/tick");
    InetSocketAddress quoteAddress = address("quote");
    try (RawHttpConnection browser = new RawHttpConnection(address("web"));
        Socket echoClient = new Socket(address("echo").getAddress(), address("echo").getPort())) {
      assertThat(browser.get("/", "").read().bodyText()).isEqualTo("A");
      assertThat(roundTrip(echoClient, "one")).isEqualTo("one");

      app.writeAndAwait(
          BASE.replace("{path: site-a}", "{path: site-b, listing: true}")
              .replace(
                  "  - {name: echo,",
                  "  - {name: day, type: daytime, listen: [%s]}\n  - {name: echo,"
                      .formatted(LOOPBACK))
              .replace("{quote: hi}", "{quote: hello}")
              .replace("interval: 1h", "interval: 2h"),
          "applied");

      assertThat(service("web")).isSameAs(web);
      assertThat(browser.get("/", "").read().bodyText()).isEqualTo("B");
      assertThat(service("echo")).isSameAs(echo);
      assertThat(roundTrip(echoClient, "two")).isEqualTo("two");
      assertThat(service("quote")).isNotSameAs(quote);
      assertThat(quote.state()).isEqualTo(ServiceState.STOPPED);
      assertThat(address("quote")).isEqualTo(quoteAddress);
      assertThat(quoteAt(quoteAddress)).isEqualTo("hello\r\n");
      assertThat(service("jobs/tick")).isSameAs(tick);
      assertThat(((TimerService) tick).settings().interval()).isEqualTo(Duration.ofHours(2));
      assertThat(app.runtime().application().services())
          .extracting(Service::name)
          .containsExactly("web", "day", "echo", "quote", "jobs");
      assertThat(service("day").state()).isEqualTo(ServiceState.RUNNING);

      InetSocketAddress echoAddress = address("echo");
      app.writeAndAwait(
          BASE.replace("  - {name: echo, type: echo, listen: [%s]}\n".formatted(LOOPBACK), ""),
          "applied");

      assertThat(echo.state()).isEqualTo(ServiceState.STOPPED);
      assertThat(echoClient.getInputStream().read()).isEqualTo(-1); // drained: closed
      assertThatThrownBy(() -> echoOnce(echoAddress, "gone")).isInstanceOf(ConnectException.class);
      assertThat(app.runtime().application().services())
          .extracting(Service::name)
          .containsExactly("web", "quote", "jobs");
    }
  }

  private static String quoteAt(InetSocketAddress address) throws IOException {
    try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
      socket.setSoTimeout(5_000);
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theConfigSectionReachesRunningAndNewServices() throws Exception {
    String yaml = BASE + "  - {name: probe, type: probe}\n";
    yaml = yaml.replace("config: {greeting: hello}\n", "") + "config: {greeting: hello}\n";
    app = ReloadingRuntime.start(dir, FileChange.ATOMIC_WRITER, yaml, ConfigProbe.makers());
    ConfigProbe probe = (ConfigProbe) service("probe");

    app.writeAndAwait(
        yaml.replace("greeting: hello", "greeting: bonjour")
            .replace(
                "  - {name: probe, type: probe}\n",
                "  - {name: probe, type: probe}\n  - {name: late, type: probe}\n"),
        "applied");

    assertThat(probe.seen())
        .containsExactly(Map.of("greeting", "hello"), Map.of("greeting", "bonjour"));
    assertThat(((ConfigProbe) service("late")).seen())
        .containsExactly(Map.of("greeting", "bonjour"));
  }

  @Test
  void logLevelsApplyAtOnce() throws Exception {
    app = ReloadingRuntime.start(dir, FileChange.ATOMIC_WRITER, BASE);
    LoggerContext logback = (LoggerContext) LoggerFactory.getILoggerFactory();
    Level before = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel();
    try {
      app.writeAndAwait(
          BASE.replace(
              "logging: {level: warn}", "logging: {level: error, loggers: {io.twistd.x: debug}}"),
          "applied");

      assertThat(logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel())
          .isEqualTo(Level.ERROR);
      assertThat(logback.getLogger("io.twistd.x").getLevel()).isEqualTo(Level.DEBUG);
    } finally {
      logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(before);
      logback.getLogger("io.twistd.x").setLevel(null);
    }
  }

  @Test
  void anAdminEndpointChangeIsReportedAsWaitingForARestart() throws Exception {
    app = ReloadingRuntime.start(dir, FileChange.ATOMIC_WRITER, BASE);
    InetSocketAddress admin = (InetSocketAddress) app.runtime().adminAddress();

    app.writeAndAwait(
        BASE.replace("admin: {listen: %s}".formatted(LOOPBACK), "admin: {listen: \"tcp:9\"}"),
        "applied");

    assertThat(app.runtime().adminAddress()).isEqualTo(admin);
    assertThat(app.status().get("restartRequired").get(0).asText()).isEqualTo("admin.listen");
  }

  @Test
  void aConfigThatCannotBeAppliedIsRolledBackAndReported() throws Exception {
    int echoPort;
    int otherPort;
    try (ServerSocket a = new ServerSocket(0);
        ServerSocket b = new ServerSocket(0)) {
      echoPort = a.getLocalPort();
      otherPort = b.getLocalPort();
    }
    String yaml =
        BASE.replace(
            "{name: echo, type: echo, listen: [%s]}".formatted(LOOPBACK),
            "{name: echo, type: echo, listen: [\"tcp:%d:interface=127.0.0.1\"]}"
                .formatted(echoPort));
    app = ReloadingRuntime.start(dir, FileChange.ATOMIC_WRITER, yaml);
    Service echo = service("echo");
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {

      String late =
          "  - {name: late, type: echo, listen: [\"tcp:%d:interface=127.0.0.1\"]}\n"
              .formatted(taken.getLocalPort());
      app.writeAndAwait(
          yaml.replace("revision: r1", "revision: r2")
              .replace("tcp:" + echoPort + ":", "tcp:" + otherPort + ":")
              .replace("config: {greeting", late + "config: {greeting"),
          "failed");

      assertThat(service("echo")).isSameAs(echo);
      assertThat(address("echo")).isEqualTo(loopback(echoPort));
      assertThat(echoOnce(loopback(echoPort), "still here")).isEqualTo("still here");
      assertThatThrownBy(() -> echoOnce(loopback(otherPort), "no"))
          .isInstanceOf(ConnectException.class);
      assertThat(app.runtime().application().services())
          .extracting(Service::name)
          .containsExactly("web", "echo", "quote", "jobs");
      JsonNode status = app.status();
      assertThat(status.get("revision").asText()).isEqualTo("r1");
      assertThat(status.get("lastReloadError").get("outcome").asText()).isEqualTo("failed");
      assertThat(status.get("lastReloadError").get("message").asText())
          .contains("service 'late' failed to start: cannot listen on tcp:" + taken.getLocalPort());
      assertThat(app.admin("/metrics"))
          .contains("twistd_config_reloads_total{outcome=\"failed\"} 1.0");
    }
  }

  @Test
  void optionsAServiceRefusesFailTheReloadBeforeAnythingChanges() throws Exception {
    app = ReloadingRuntime.start(dir, FileChange.ATOMIC_WRITER, BASE);
    Service quote = service("quote");

    app.writeAndAwait(
        BASE.replace("{path: site-a}", "{path: missing}").replace("{quote: hi}", "{quote: new}"),
        "failed");

    assertThat(service("quote")).isSameAs(quote);
    assertThat(app.status().get("lastReloadError").get("message").asText())
        .startsWith("service 'web': option 'path':")
        .contains("is not a directory");
    try (RawHttpConnection browser = new RawHttpConnection(address("web"))) {
      assertThat(browser.get("/", "").read().bodyText()).isEqualTo("A");
    }
  }
}
