package io.twistd.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private Path file(String name, String text) throws IOException {
    Path path = dir.resolve(name);
    Files.writeString(path, text);
    return path;
  }

  @Test
  void validateAcceptsAGoodFileAndSaysWhatItHolds() throws IOException {
    Path config =
        file(
            "app.yaml",
            """
            application: hello
            services:
              - {name: echo, type: echo, listen: ["tcp:8000"]}
              - {name: jobs, type: multi, services: [{name: tick, type: timer, options: {interval: 5s, log: tick}}]}
            """);

    assertThat(run("validate", config.toString())).isZero();
    assertThat(out.toString()).contains("valid (application 'hello', 2 top-level services)");
  }

  @Test
  void validatePrintsEveryProblemWithItsLocationAndExitsTwo() throws IOException {
    Path config =
        file(
            "bad.yaml",
            """
            application: hello
            services:
              - {name: echo, type: echo, listen: ["tcp:99999"]}
              - {name: Web, type: web, listen: ["tcp:8080"]}
            """);

    assertThat(run("validate", config.toString())).isEqualTo(2);
    assertThat(err.toString().lines())
        .containsExactly(
            config
                + ":3:39: services[0].listen[0]: invalid endpoint \"tcp:99999\": port 99999 is"
                + " out of range 0-65535",
            config
                + ":4:5: services[1].options.path: required option of 'web' is missing"
                + " (string: directory to serve)",
            config
                + ":4:12: services[1].name: 'Web' is not a DNS label: use at most 63 lowercase"
                + " letters, digits and '-', starting and ending with a letter or digit");
  }

  @Test
  void validateNamesAMissingFile() {
    assertThat(run("validate", dir.resolve("absent.yaml").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("absent.yaml: cannot read the file");
  }

  @Test
  void runRefusesAnInvalidFileWithExitTwoBeforeStartingAnything() throws IOException {
    Path config = file("bad.yaml", "application: hello\nservices: []\n");

    assertThat(run("run", config.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("services: at least one service is required");
  }

  @Test
  void pluginsListsEveryBuiltInTypeWithItsOptions() {
    assertThat(run("plugins")).isZero();
    String listing = out.toString();
    for (String type :
        new String[] {
          "web",
          "proxy",
          "portforward",
          "echo",
          "discard",
          "chargen",
          "daytime",
          "time",
          "qotd",
          "timer",
          "multi"
        }) {
      assertThat(listing).containsPattern("(?m)^" + type + " ");
    }
    assertThat(listing).containsPattern("path +string +directory to serve \\(required\\)");
    assertThat(listing)
        .containsPattern("index +string +file served for a directory \\(default: index.html\\)");
  }

  @Test
  void versionNamesTheRuntimeJavaAndTransport() {
    assertThat(run("version")).isZero();
    assertThat(out.toString())
        .startsWith("twistd-runtime ")
        .contains("Java " + Runtime.version())
        .containsPattern("transport: (epoll \\(native\\)|nio)");
  }

  @Test
  void oneServiceModeNamesTheFlagOfABadEndpoint() {
    assertThat(run("web", "--listen", "tcp:99999", "--path", dir.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("--listen: invalid endpoint \"tcp:99999\": port 99999 is out of range 0-65535");
  }

  @Test
  void oneServiceModeRequiresTheTypesRequiredOptions() {
    assertThat(run("web", "--listen", "tcp:8080")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--path=STRING'");
  }

  @Test
  void oneServiceModeNamesTheFlagOfAWrongOptionType() {
    assertThat(run("timer", "--interval", "soon", "--log", "tick")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--interval: expected a duration such as 250ms, 5s, 2m or 1h, got 'soon'");
  }

  @Test
  void oneServiceModeRejectsAnUnknownFlag() {
    assertThat(run("echo", "--listen", "tcp:0", "--colour", "red")).isEqualTo(2);
    assertThat(err.toString()).contains("Unknown options: '--colour', 'red'");
  }

  @Test
  void unknownCommandIsAUsageError() {
    assertThat(run("serve")).isEqualTo(2);
    assertThat(err.toString()).contains("Unmatched argument at index 0: 'serve'");
  }

  @Test
  void runFlagsAreCheckedBeforeAnythingStarts() throws IOException {
    Path config =
        file(
            "app.yaml", "application: a\nservices: [{name: e, type: echo, listen: [\"tcp:0\"]}]\n");
    assertThat(run("run", "--drain-delay", "forever", config.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("expected a duration such as 250ms, 5s, 2m or 1h, got 'forever'");
  }

  @Test
  void trainServesOneRequestOnEveryListenerAndTheAdminEndpointsThenStopsCleanly()
      throws IOException {
    Files.writeString(Files.createDirectories(dir.resolve("www")).resolve("index.html"), "hi");
    Path config =
        file(
            "train.yaml",
            """
            application: training
            admin: {listen: "tcp:0:interface=127.0.0.1"}
            logging: {level: warn}
            shutdown: {drainDelay: 0s, gracePeriod: 5s}
            services:
              - {name: web, type: web, listen: ["tcp:0:interface=127.0.0.1"], options: {path: www}}
              - name: inner
                type: multi
                services:
                  - {name: echo, type: echo, listen: ["tcp:0:interface=127.0.0.1"]}
            """);

    assertThat(run("train", config.toString())).as(err.toString()).isZero();
    // web, inner/echo, and /readyz, /status and /metrics of the admin endpoint
    assertThat(out.toString()).contains("trained on " + config + ": 5 requests served");
  }

  @Test
  void trainRefusesAnInvalidFileAndIsNotListedInTheHelp() throws IOException {
    Path config = file("bad.yaml", "application: hello\nservices: []\n");

    assertThat(run("train", config.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("services: at least one service is required");
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("validate", "web", "echo").doesNotContain("train");
  }
}
