package io.twistd.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.twistd.operator.dependent.PodTemplateFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each image copies only files the build produces ({@code target/}) or the sources hold ({@code
 * src/}), runs as a numeric non-root user, and starts with an exec-form command that names only
 * files the image has.
 */
class ImageFilesTest {

  private static final Pattern IMAGE_PATH = Pattern.compile("(?<![\\w.])(/[\\w.-]+)+");

  @ParameterizedTest
  @ValueSource(strings = {Images.RUNTIME, Images.OPERATOR, Images.GREETER})
  void copiesOnlyFilesTheBuildProducesOrTheSourcesHold(String context) {
    Dockerfile dockerfile = Dockerfile.in(context);

    assertThat(dockerfile.copies()).isNotEmpty();
    for (Dockerfile.Copy copy : dockerfile.copies()) {
      assertThat(copy.sources())
          .isNotEmpty()
          .allSatisfy(
              source -> {
                assertThat(source).matches("(target|src)/.+").doesNotContain("*", "..");
                assertThat(dockerfile.context().resolve(source))
                    .as("%s copies %s; build it first (mvn package)", context, source)
                    .isRegularFile();
              });
    }
    assertThat(dockerfile.instructions())
        .noneMatch(i -> i.keyword().equals("ADD"))
        .as("a file fetched from the network is not one the build produces");
  }

  @ParameterizedTest
  @ValueSource(strings = {Images.RUNTIME, Images.OPERATOR, Images.GREETER})
  void entrypointNamesOnlyFilesTheImageHas(String context, @TempDir Path scratch) {
    Dockerfile dockerfile = Dockerfile.in(context);
    HostLayout layout = Images.layout(context, scratch);
    List<String> made = madeByRun(context);

    for (String word : dockerfile.entrypoint()) {
      Matcher m = IMAGE_PATH.matcher(word);
      while (m.find()) {
        String path = m.group();
        if (!path.endsWith("/plugins")) { // a class-path directory of plugin jars
          assertThat(layout.files().containsKey(path) || made.contains(path))
              .as("%s's ENTRYPOINT names %s, which no COPY or RUN puts there", context, path)
              .isTrue();
        }
      }
    }
    assertThat(dockerfile.entrypoint().get(0)).isEqualTo("java");
    assertThat(dockerfile.entrypoint())
        .as("the JVM flags come from the argfile the image copies")
        .anyMatch(w -> w.startsWith("@") && layout.files().containsKey(w.substring(1)));
  }

  @ParameterizedTest
  @ValueSource(strings = {Images.RUNTIME, Images.OPERATOR})
  void runsAsTheNumericNonRootUserThePodsAskFor(String context) {
    String user = Dockerfile.in(context).user();

    assertThat(user).matches("\\d+:\\d+");
    long uid = Long.parseLong(user.substring(0, user.indexOf(':')));
    assertThat(uid).isNotZero().isEqualTo(PodTemplateFactory.RUNTIME_UID);
  }

  /** The files a RUN of the image (or of its base) makes: the class-data-sharing archive. */
  private static List<String> madeByRun(String context) {
    Dockerfile own = Dockerfile.in(context);
    List<String> runs =
        context.equals(Images.GREETER)
            ? Stream.concat(Images.runtime().runs().stream(), own.runs().stream()).toList()
            : own.runs();
    Pattern archive = Pattern.compile("-XX:ArchiveClassesAtExit=(\\S+)");
    return runs.stream().flatMap(r -> archive.matcher(r).results().map(m -> m.group(1))).toList();
  }
}
