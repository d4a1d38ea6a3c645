package io.twistd.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.twistd.api.config.SourceLocations.Position;
import org.junit.jupiter.api.Test;

class SourceLocationsTest {

  private static final String TEXT =
      """
      application: hello
      services:
        - name: web
          listen: ["tcp:8080", "tcp:8081"]
        - {name: echo}
      """;

  private final SourceLocations locations = SourceLocations.scan(new YAMLFactory(), TEXT);

  @Test
  void findsWhereEachValueStarts() {
    assertThat(locations.find("application")).isEqualTo(new Position(1, 14));
    assertThat(locations.find("services[0]")).isEqualTo(new Position(3, 5));
    assertThat(locations.find("services[0].listen[1]")).isEqualTo(new Position(4, 26));
    assertThat(locations.find("services[1].name")).isEqualTo(new Position(5, 12));
  }

  @Test
  void fallsBackToTheNearestEnclosingValue() {
    assertThat(locations.find("services[1].type")).isEqualTo(new Position(5, 5));
    assertThat(locations.find("services[0].options.path")).isEqualTo(new Position(3, 5));
    assertThat(locations.find("admin.listen")).isEqualTo(new Position(1, 1));
  }

  @Test
  void findsWhereAKeyStarts() {
    assertThat(locations.key("services[0].listen")).contains(new Position(4, 5));
    assertThat(locations.key("services[1].name")).contains(new Position(5, 6));
    assertThat(locations.key("services[0]")).isEmpty();
  }

  @Test
  void countsDocuments() {
    assertThat(locations.documents()).isEqualTo(1);
    assertThat(SourceLocations.scan(new YAMLFactory(), "a: 1\n---\nb: 2\n").documents())
        .isEqualTo(2);
    assertThat(SourceLocations.scan(new YAMLFactory(), "# only a comment\n").documents()).isZero();
  }

  @Test
  void keepsWhatItFoundBeforeASyntaxError() {
    SourceLocations broken = SourceLocations.scan(new YAMLFactory(), "a: 1\nb: [\n");

    assertThat(broken.find("a")).isEqualTo(new Position(1, 4));
  }

  @Test
  void namesTheParentOfAPath() {
    assertThat(SourceLocations.parentOf("services[1].listen[0]")).isEqualTo("services[1].listen");
    assertThat(SourceLocations.parentOf("services[1].listen")).isEqualTo("services[1]");
    assertThat(SourceLocations.parentOf("services")).isEmpty();
  }
}
