package io.twistd.deploy.chart;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The objects one rendering of the chart produced, looked up by kind and name. */
record Rendered(List<HasMetadata> objects) {

  /** Every object of {@code type}. */
  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The one object of {@code type}; fails when there is none or more than one. */
  <T extends HasMetadata> T one(Class<T> type) {
    List<T> found = all(type);
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one " + type.getSimpleName() + ", rendered " + found.size() + ": " + kinds());
    }
    return found.get(0);
  }

  /** "Kind/name" of every object, in order. */
  List<String> kinds() {
    return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  /** The operator container of the Deployment. */
  Container operator() {
    return one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  /** The operator container's plain environment variables, by name. */
  Map<String, String> env() {
    return operator().getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }
}
