package io.twistd.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigProblemTest {

  @Test
  void formatsFileLineColumnPathAndMessage() {
    assertThat(new ConfigProblem("app.yaml", 3, 9, "services[1].listen[0]", "bad").toString())
        .isEqualTo("app.yaml:3:9: services[1].listen[0]: bad");
  }

  @Test
  void leavesOutAnUnknownPosition() {
    assertThat(new ConfigProblem("app.yaml", 0, 0, "services", "bad").toString())
        .isEqualTo("app.yaml: services: bad");
  }

  @Test
  void leavesOutAnEmptyPath() {
    assertThat(new ConfigProblem("app.yaml", 1, 1, "", "the file is empty").toString())
        .isEqualTo("app.yaml:1:1: the file is empty");
  }

  @Test
  void exceptionCountsAndListsProblems() {
    InvalidConfigException one =
        new InvalidConfigException(List.of(new ConfigProblem("a.yaml", 0, 0, "", "empty")));

    assertThat(one).hasMessage("1 problem in the configuration:\n  a.yaml: empty");
    assertThat(one.problems()).hasSize(1);
  }
}
