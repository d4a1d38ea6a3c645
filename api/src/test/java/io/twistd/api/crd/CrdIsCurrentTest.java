package io.twistd.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checked-in CRD must be exactly what the build generates from the classes. */
class CrdIsCurrentTest {

  private static final String FILE = "twistedapplications.twistd.io-v1.yml";

  @Test
  void checkedInCrdMatchesTheGeneratedOne() throws IOException {
    Path generated = Path.of("target/classes/META-INF/fabric8", FILE);
    Path checkedIn = Path.of("..", "crds", FILE);

    assertThat(Files.readString(checkedIn))
        .as(
            "crds/%s is stale; after changing the CRD classes run `mvn -pl api process-classes`"
                + " and copy %s to crds/",
            FILE, generated)
        .isEqualTo(Files.readString(generated));
  }

  @Test
  void everySpecFieldHasADescriptionForKubectlExplain() throws IOException {
    String crd = Files.readString(Path.of("..", "crds", FILE));
    for (String field :
        new String[] {
          "replicas",
          "image",
          "services",
          "config",
          "files",
          "secrets",
          "rollout",
          "logging",
          "expose",
          "pod",
          "currentRevision",
          "lastGoodRevision",
          "conditions"
        }) {
      assertThat(crd).containsPattern("(?s)\\n( +)" + field + ":\\n\\1  description: ");
    }
  }
}
