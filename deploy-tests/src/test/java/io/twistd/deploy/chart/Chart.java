package io.twistd.deploy.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.twistd.deploy.ProjectFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The chart under test, rendered by the real Helm engine (helm-java). */
final class Chart {

  static final String RELEASE = "twistd-operator";
  static final String NAMESPACE = "twistd-system";

  private Chart() {}

  static Helm helm() {
    return new Helm(ProjectFiles.chart());
  }

  /** {@code helm template} with {@code values} set one by one ({@code --set key=value}). */
  static Rendered render(Map<String, Object> values) {
    TemplateCommand template = helm().template().withName(RELEASE).withNamespace(NAMESPACE);
    values.forEach(template::set);
    return new Rendered(parse(template.call()));
  }

  /** {@code helm template -f valuesFile}. */
  static Rendered render(Path valuesFile) {
    return new Rendered(
        parse(
            helm()
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withValuesFile(valuesFile)
                .call()));
  }

  private static List<HasMetadata> parse(String manifests) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : manifests.split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(line -> line.startsWith("kind:"))) {
        objects.add(Serialization.unmarshal(document, HasMetadata.class));
      }
    }
    return objects;
  }
}
