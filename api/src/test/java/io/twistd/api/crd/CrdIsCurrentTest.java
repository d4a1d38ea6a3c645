package io.twistd.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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
  void everySpecAndStatusFieldHasADescriptionForKubectlExplain() throws IOException {
    JsonNode schema =
        new YAMLMapper()
            .readTree(Path.of("..", "crds", FILE).toFile())
            .at("/spec/versions/0/schema/openAPIV3Schema/properties");
    for (String part : new String[] {"spec", "status"}) {
      JsonNode properties = schema.at("/" + part + "/properties");
      assertThat(properties.size()).isGreaterThan(5);
      properties
          .fields()
          .forEachRemaining(
              field ->
                  assertThat(field.getValue().path("description").asText())
                      .as("description of %s.%s", part, field.getKey())
                      .isNotBlank());
    }
  }
}
