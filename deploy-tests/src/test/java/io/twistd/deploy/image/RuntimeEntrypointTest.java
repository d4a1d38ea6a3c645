package io.twistd.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.twistd.deploy.ProjectFiles;
import io.twistd.operator.dependent.ConfigRenderer;
import io.twistd.operator.dependent.PodTemplateFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime image's commands, run on this host exactly as the image runs them: the build's
 * class-data-sharing training run, then the {@code ENTRYPOINT} with and without its archive, and
 * with the {@code CMD} the operator's pods keep (only {@code args} are set by the operator).
 */
class RuntimeEntrypointTest {

  private static final String ARCHIVE_FLAG = "-XX:SharedArchiveFile=";

  @TempDir Path work;

  @Test
  void cmdRunsTheConfigWhereTheOperatorMountsIt() {
    assertThat(Images.runtime().cmd())
        .containsExactly("run", PodTemplateFactory.CONFIG_DIR + "/" + ConfigRenderer.APP_YAML);
  }

  @Test
  void trainingRunRecordsAnArchiveTheEntrypointMaps() {
    HostLayout layout = layoutWithArchive();
    HostProcess training = HostProcess.run(layout.translate(trainingCommand()), work);
    assertThat(training.exitCode()).as(training.describe()).isZero();
    assertThat(archive()).isNotEmptyFile();

    // -Xshare:on refuses to start unless the archive matches this JVM, jar and class path
    HostProcess version =
        HostProcess.run(
            layout.translate(withJvmFlag(Images.runtime().entrypoint(), "-Xshare:on", "version")),
            work);

    assertThat(version.exitCode()).as(version.describe()).isZero();
    assertThat(version.output()).contains("twistd-runtime " + ProjectFiles.projectVersion());
  }

  @Test
  void entrypointStartsWithoutTheArchive() {
    HostLayout layout = layoutWithArchive(); // the path is mapped, but nothing made the file
    HostProcess version =
        HostProcess.run(layout.translate(append(Images.runtime().entrypoint(), "version")), work);

    assertThat(version.exitCode()).as(version.describe()).isZero();
    assertThat(version.output()).contains("twistd-runtime " + ProjectFiles.projectVersion());
  }

  @Test
  void entrypointAndCmdServeTheMountedConfigAndStopCleanlyOnSigterm() throws IOException {
    int admin = HostProcess.freePort();
    Path config = work.resolve("app.yaml");
    Files.writeString(
        config,
        """
        application: image-test
        admin: {listen: "tcp:%d:interface=127.0.0.1"}
        shutdown: {drainDelay: 0s, gracePeriod: 5s}
        services:
          - {name: echo, type: echo, listen: ["tcp:%d:interface=127.0.0.1"]}
        """
            .formatted(admin, HostProcess.freePort()));
    HostLayout layout =
        layoutWithArchive()
            .put(PodTemplateFactory.CONFIG_DIR + "/" + ConfigRenderer.APP_YAML, config);
    List<String> command =
        layout.translate(
            Stream.concat(Images.runtime().entrypoint().stream(), Images.runtime().cmd().stream())
                .toList());

    try (HostProcess runtime = HostProcess.start(command, Map.of(), work)) {
      runtime.awaitHttpOk(admin, "/readyz", Duration.ofSeconds(30));
      runtime.terminate();

      assertThat(runtime.awaitExit(Duration.ofSeconds(30))).as(runtime.describe()).isZero();
    }
  }

  /** The java command of the Dockerfile's RUN that records the archive. */
  static List<String> trainingCommand() {
    String run =
        Images.runtime().runs().stream()
            .filter(r -> r.contains("-XX:ArchiveClassesAtExit="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no RUN records a CDS archive"));
    String java = run.split("&&|;")[0].strip();
    return List.of(java.split("\\s+"));
  }

  private HostLayout layoutWithArchive() {
    HostLayout layout = Images.layout(Images.RUNTIME, work);
    return layout.put(imageArchive(), archive());
  }

  /** Where the runtime image keeps its archive. */
  static String imageArchive() {
    return imageArchive(Images.runtime());
  }

  /** Where an image keeps its archive: the ENTRYPOINT's -XX:SharedArchiveFile. */
  static String imageArchive(Dockerfile dockerfile) {
    return dockerfile.entrypoint().stream()
        .filter(w -> w.startsWith(ARCHIVE_FLAG))
        .map(w -> w.substring(ARCHIVE_FLAG.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the ENTRYPOINT names no CDS archive"));
  }

  private Path archive() {
    return work.resolve("twistd-runtime.jsa");
  }

  /**
   * {@code command} with {@code flag} after the argfile (so it wins) and {@code args} at the end.
   */
  static List<String> withJvmFlag(List<String> command, String flag, String... args) {
    List<String> out = new ArrayList<>(command);
    int argfile =
        out.indexOf(out.stream().filter(w -> w.startsWith("@")).findFirst().orElseThrow());
    out.add(argfile + 1, flag);
    out.addAll(List.of(args));
    return out;
  }

  static List<String> append(List<String> command, String... args) {
    List<String> out = new ArrayList<>(command);
    out.addAll(List.of(args));
    return out;
  }
}
