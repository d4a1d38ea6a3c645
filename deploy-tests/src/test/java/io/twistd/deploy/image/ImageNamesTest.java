package io.twistd.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.twistd.deploy.ProjectFiles;
import io.twistd.operator.dependent.OperatorDefaults;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One name and version per image, everywhere: what the README builds, what the Dockerfiles label,
 * what the chart runs by default, and what the operator gives applications that name no image.
 */
class ImageNamesTest {

  private static final String TITLE = "org.opencontainers.image.title";

  @Test
  void chartDefaultsRunTheImagesTheDockerfilesBuildAtTheProjectVersion() {
    Map<String, Object> chart = yaml("helm/twistd-operator/Chart.yaml");
    Map<String, Object> values = yaml("helm/twistd-operator/values.yaml");
    String version = ProjectFiles.releaseVersion();

    assertThat(chart.get("appVersion")).isEqualTo(version);
    assertThat(Images.operator().arg("VERSION")).isEqualTo(version);
    assertThat(Images.runtime().arg("VERSION")).isEqualTo(version);
    assertThat(repository(values, "image")).isEqualTo("twistd/" + title(Images.operator()));
    assertThat(repository(values, "runtimeImage")).isEqualTo("twistd/" + title(Images.runtime()));
    assertThat(OperatorDefaults.RUNTIME_IMAGE)
        .isEqualTo(repository(values, "runtimeImage") + ":" + version);
  }

  @Test
  void readmeBuildsEachImageUnderTheNameTheChartUses() {
    String readme = ProjectFiles.read(ProjectFiles.at("README.md"));
    Map<String, Object> values = yaml("helm/twistd-operator/values.yaml");
    String version = ProjectFiles.releaseVersion();

    assertThat(readme)
        .contains(
            "docker build -t "
                + repository(values, "image")
                + ":"
                + version
                + " "
                + Images.OPERATOR)
        .contains(
            "docker build -t "
                + repository(values, "runtimeImage")
                + ":"
                + version
                + " "
                + Images.RUNTIME);
  }

  private static String title(Dockerfile dockerfile) {
    return dockerfile.label(TITLE).orElseThrow(() -> new AssertionError("no " + TITLE));
  }

  @SuppressWarnings("unchecked")
  private static String repository(Map<String, Object> values, String key) {
    return (String) ((Map<String, Object>) values.get(key)).get("repository");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> yaml(String path) {
    return Serialization.unmarshal(ProjectFiles.read(ProjectFiles.at(path)), Map.class);
  }
}
