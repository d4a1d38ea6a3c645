package io.twistd.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twistd.api.validation.BuiltinServiceTypes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final String EXAMPLE =
      """
      application: hello
      revision: ""
      admin: {listen: "tcp:9990"}
      logging: {level: info, format: text}
      services:
        - {name: web,  type: web,  listen: ["tcp:8080"], options: {path: ./www}}
        - {name: echo, type: echo, listen: ["tcp:8000"]}
        - {name: jobs, type: multi, services: [{name: tick, type: timer, options: {interval: 5s, log: tick}}]}
      config: {}
      """;

  private final ConfigLoader loader = new ConfigLoader(new BuiltinServiceTypes());

  @Test
  void loadsTheExampleFile() {
    AppConfig config = loader.parse(EXAMPLE, "app.yaml");

    assertThat(config.getApplication()).isEqualTo("hello");
    assertThat(config.getRevision()).isEmpty();
    assertThat(config.getAdmin().getListen()).isEqualTo("tcp:9990");
    assertThat(config.getLogging().getLevel()).isEqualTo("info");
    assertThat(config.getLogging().getFormat()).isEqualTo("text");
    assertThat(config.getServices())
        .extracting(ServiceDefinition::getName, ServiceDefinition::getType)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("web", "web"),
            org.assertj.core.groups.Tuple.tuple("echo", "echo"),
            org.assertj.core.groups.Tuple.tuple("jobs", "multi"));
    assertThat(config.getServices().get(0).getListen()).containsExactly("tcp:8080");
    assertThat(config.getServices().get(0).getOptions())
        .containsExactly(Map.entry("path", "./www"));
    ServiceDefinition tick = config.getServices().get(2).getServices().get(0);
    assertThat(tick.getName()).isEqualTo("tick");
    assertThat(tick.getOptions())
        .containsExactly(Map.entry("interval", "5s"), Map.entry("log", "tick"));
    assertThat(config.getConfig()).isEmpty();
  }

  @Test
  void fillsDefaultsForLeftOutSections() {
    AppConfig config =
        loader.parse(
            """
            application: hello
            services:
              - {name: echo, type: echo, listen: ["tcp:8000"]}
            """,
            "app.yaml");

    assertThat(config.getRevision()).isEmpty();
    assertThat(config.getAdmin().getListen()).isEqualTo("tcp:9990");
    assertThat(config.getLogging().getLevel()).isEqualTo("info");
    assertThat(config.getLogging().getFormat()).isNull();
    assertThat(config.getLogging().getLoggers()).isEmpty();
    assertThat(config.getShutdown().getDrainDelay()).isEqualTo("5s");
    assertThat(config.getShutdown().getGracePeriod()).isEqualTo("25s");
    assertThat(config.getConfig()).isEmpty();
  }

  @Test
  void writeThenParseGivesAnEqualConfig() {
    String written = loader.write(loader.parse(EXAMPLE, "app.yaml"));

    assertThat(loader.write(loader.parse(written, "written.yaml"))).isEqualTo(written);
  }

  @Test
  void writesTheExampleInStableOrderWithDefaults() {
    assertThat(loader.write(loader.parse(EXAMPLE, "app.yaml")))
        .isEqualTo(
            """
            application: hello
            revision: ""
            admin:
              listen: tcp:9990
            logging:
              level: info
              format: text
            shutdown:
              drainDelay: 5s
              gracePeriod: 25s
            services:
            - name: web
              type: web
              listen:
              - tcp:8080
              options:
                path: ./www
            - name: echo
              type: echo
              listen:
              - tcp:8000
            - name: jobs
              type: multi
              services:
              - name: tick
                type: timer
                options:
                  interval: 5s
                  log: tick
            config: {}
            """);
  }

  @Test
  void writeKeepsValuesThatLookLikeOtherTypes() {
    Map<String, Object> free = new LinkedHashMap<>();
    for (String tricky :
        List.of(
            "yes",
            "no",
            "on",
            "off",
            "true",
            "null",
            "~",
            "",
            " lead",
            "trail ",
            "123",
            "0x1F",
            "1.5",
            "1e3",
            "a: b",
            "#hash",
            "- dash",
            "[x]",
            "{y}",
            "it's",
            "say \"hi\"",
            "multi\nline",
            "tcp:8080",
            "tab\there",
            "ünïcødé",
            "*alias",
            "&anchor",
            "!tag")) {
      free.put("k" + free.size(), tricky);
    }
    free.put("number", 42);
    free.put("flag", true);
    free.put("nested", Map.of("list", List.of("a", "b")));
    AppConfig config = loader.parse(EXAMPLE, "app.yaml");
    config.setConfig(free);
    config.setRevision("5d41402abc");

    AppConfig reread = loader.parse(loader.write(config), "written.yaml");

    assertThat(reread.getRevision()).isEqualTo("5d41402abc");
    assertThat(reread.getConfig()).containsAllEntriesOf(withoutNumbers(free));
    assertThat(reread.getConfig().get("number")).isIn(42, "42");
    assertThat(loader.write(reread)).isEqualTo(loader.write(config));
  }

  private static Map<String, Object> withoutNumbers(Map<String, Object> free) {
    Map<String, Object> out = new LinkedHashMap<>(free);
    out.remove("number");
    return out;
  }

  @Test
  void emptyValueMeansNotGiven() {
    AppConfig config =
        loader.parse(
            """
            application: hello
            revision:
            logging:
            services:
              - {name: echo, type: echo, listen: ["tcp:8000"], options:}
            config:
            """,
            "app.yaml");

    assertThat(config.getRevision()).isEmpty();
    assertThat(config.getLogging().getLevel()).isEqualTo("info");
    assertThat(config.getServices().get(0).getOptions()).isEmpty();
    assertThat(config.getConfig()).isEmpty();
  }

  @Test
  void acceptsSameNameAtDifferentLevelsOfTheTree() {
    AppConfig config =
        loader.parse(
            """
            application: hello
            services:
              - name: tick
                type: multi
                services:
                  - {name: tick, type: timer, options: {interval: 1s, log: x}}
            """,
            "app.yaml");

    assertThat(config.getServices().get(0).getServices().get(0).getName()).isEqualTo("tick");
  }

  @Test
  void acceptsEveryBuiltinTypeWithItsOptions() {
    AppConfig config =
        loader.parse(
            """
            application: all-types
            services:
              - {name: web, type: web, listen: ["tcp:8080"], options: {path: /srv, index: i.html, listing: true}}
              - {name: proxy, type: proxy, listen: ["tcp:8081"], options: {upstream: "http://b:80", connectTimeout: 2s, readTimeout: 1m, maxIdleConnections: 4}}
              - {name: pf, type: portforward, listen: ["tcp:8082"], options: {host: db, port: 5432, connectTimeout: 3}}
              - {name: echo, type: echo, listen: ["tcp:8083", "tcp6:8083:interface=\\\\:\\\\:1"]}
              - {name: discard, type: discard, listen: ["unix:/tmp/discard.sock:mode=600"]}
              - {name: chargen, type: chargen, listen: ["tcp:0"]}
              - {name: daytime, type: daytime, listen: ["tcp:0"]}
              - {name: time, type: time, listen: ["ssl:8443:privateKey=/tls/k.pem:certKey=/tls/c.pem"]}
              - {name: qotd, type: qotd, listen: ["tcp:8017"], options: {quote: hi}}
              - {name: ping, type: timer, options: {interval: 30s, http: "https://example.org/ping"}}
            """,
            "app.yaml");

    assertThat(config.getServices()).hasSize(10);
    assertThat(config.getServices().get(3).getListen())
        .containsExactly("tcp:8083", "tcp6:8083:interface=\\:\\:1");
  }

  @Test
  void loadsAFileAndNamesItInProblems(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("app.yaml");
    Files.writeString(good, EXAMPLE, StandardCharsets.UTF_8);
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "application: Hello\nservices: []\n", StandardCharsets.UTF_8);

    assertThat(loader.load(good).getApplication()).isEqualTo("hello");
    assertThatThrownBy(() -> loader.load(bad))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "2 problems in the configuration:\n  "
                + bad
                + ":1:14: application: 'Hello' is not a DNS label: use at most 63 lowercase"
                + " letters, digits and '-', starting and ending with a letter or digit\n  "
                + bad
                + ":2:11: services: at least one service is required");
  }

  @Test
  void saysWhenTheFileDoesNotExist(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> loader.load(missing))
        .isInstanceOf(InvalidConfigException.class)
        .hasMessage(
            "1 problem in the configuration:\n  "
                + missing
                + ": cannot read the file: it does not exist");
  }

  @Test
  void saysWhenTheFileIsNotUtf8(@TempDir Path dir) throws Exception {
    Path latin1 = dir.resolve("latin1.yaml");
    Files.write(latin1, "application: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> loader.load(latin1))
        .isInstanceOf(InvalidConfigException.class)
        .extracting(e -> ((InvalidConfigException) e).problems().get(0).toString())
        .isEqualTo(latin1 + ": cannot read the file: it is not UTF-8 text");
  }
}
