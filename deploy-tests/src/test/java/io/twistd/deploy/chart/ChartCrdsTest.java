package io.twistd.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.twistd.deploy.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart's {@code crds/} holds exactly the generated CRDs of the top-level {@code crds/}, byte
 * for byte. When the CRD changes, copy it: {@code cp crds/*.yml helm/twistd-operator/crds/}.
 */
class ChartCrdsTest {

  @Test
  void chartCrdsAreIdenticalToTheGeneratedOnes() throws IOException {
    Path generated = ProjectFiles.at("crds");
    Path charted = ProjectFiles.chart().resolve("crds");

    assertThat(names(charted)).isEqualTo(names(generated)).isNotEmpty();
    for (String name : names(generated)) {
      assertThat(charted.resolve(name))
          .as("helm/twistd-operator/crds/%s is stale; copy crds/%s over it", name, name)
          .hasSameBinaryContentAs(generated.resolve(name));
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
