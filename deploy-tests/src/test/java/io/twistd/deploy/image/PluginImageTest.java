package io.twistd.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The greeter example's image: the runtime image plus the plugin jar. Its command finds the
 * plugin's service type, and still maps the runtime image's class-data-sharing archive.
 */
class PluginImageTest {

  @TempDir Path work;

  @Test
  void isBuiltOnTheRuntimeImageOfThisVersion() {
    assertThat(Images.greeter().from())
        .isEqualTo(
            Images.runtime()
                .label("org.opencontainers.image.title")
                .map(title -> "twistd/" + title + ":" + Images.runtime().arg("VERSION"))
                .orElseThrow());
  }

  @Test
  void entrypointFindsThePluginAndMapsTheBaseImagesArchive() {
    Path archive = work.resolve("twistd-runtime.jsa");
    HostLayout layout =
        Images.layout(Images.GREETER, work).put(RuntimeEntrypointTest.imageArchive(), archive);
    HostProcess training =
        HostProcess.run(layout.translate(RuntimeEntrypointTest.trainingCommand()), work);
    assertThat(training.exitCode()).as(training.describe()).isZero();

    HostProcess plugins =
        HostProcess.run(
            layout.translate(
                RuntimeEntrypointTest.withJvmFlag(
                    Images.greeter().entrypoint(), "-Xshare:on", "plugins")),
            work);

    assertThat(plugins.exitCode()).as(plugins.describe()).isZero();
    assertThat(plugins.output()).containsPattern("(?m)^greeter\\s+");
    assertThat(Images.greeter().cmd()).isEqualTo(Images.runtime().cmd());
  }
}
