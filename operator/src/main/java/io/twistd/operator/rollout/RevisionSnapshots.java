package io.twistd.operator.rollout;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ConfigLoader;
import io.twistd.api.config.InvalidConfigException;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.api.validation.BuiltinServiceTypes;
import io.twistd.operator.dependent.AppLabels;
import io.twistd.operator.dependent.ConfigRenderer;
import io.twistd.operator.dependent.RenderedConfig;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Keeps each revision as an immutable ConfigMap named after its id: the data is what the pods
 * mount, an annotation holds the revision's {@link PodInputs}, so that the revision can be rolled
 * back to exactly, whatever the spec says by then.
 *
 * <p>Stateless and thread-safe.
 */
public final class RevisionSnapshots {

  /** The label naming the revision a snapshot ConfigMap holds. */
  public static final String REVISION_LABEL = "twistd.io/revision";

  /** The annotation holding the revision's pod inputs, as JSON. */
  public static final String POD_INPUTS_ANNOTATION = "twistd.io/pod-inputs";

  private final ConfigLoader loader = new ConfigLoader(new BuiltinServiceTypes());

  /** The name of the ConfigMap that holds {@code revision} of {@code app}. */
  public static String name(TwistedApplication app, String revision) {
    return app.getMetadata().getName() + "-config-" + revision;
  }

  /** Whether {@code configMap} is a revision snapshot of {@code app}. */
  public static boolean isSnapshotOf(ConfigMap configMap, TwistedApplication app) {
    Map<String, String> labels = configMap.getMetadata().getLabels();
    return labels != null
        && labels.containsKey(REVISION_LABEL)
        && app.getMetadata().getName().equals(labels.get("app.kubernetes.io/instance"))
        && configMap.getMetadata().getName().equals(name(app, labels.get(REVISION_LABEL)));
  }

  /** The snapshot ConfigMap of {@code revision}. */
  public ConfigMap toConfigMap(TwistedApplication app, Revision revision) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name(app, revision.id()))
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(AppLabels.all(app))
        .addToLabels(REVISION_LABEL, revision.id())
        .addToAnnotations(POD_INPUTS_ANNOTATION, PodInputsJson.write(revision.pod()))
        .endMetadata()
        .withImmutable(true)
        .withData(revision.config().data())
        .build();
  }

  /**
   * Reads the revision back from its snapshot.
   *
   * @return empty when {@code configMap} is not a readable snapshot (no revision label, no pod
   *     inputs, or an {@code app.yaml} this operator cannot read)
   */
  public Optional<Revision> fromConfigMap(ConfigMap configMap) {
    Map<String, String> labels = configMap.getMetadata().getLabels();
    Map<String, String> annotations = configMap.getMetadata().getAnnotations();
    Map<String, String> data = configMap.getData();
    if (labels == null || annotations == null || data == null) {
      return Optional.empty();
    }
    String id = labels.get(REVISION_LABEL);
    String podJson = annotations.get(POD_INPUTS_ANNOTATION);
    String appYaml = data.get(ConfigRenderer.APP_YAML);
    if (id == null || podJson == null || appYaml == null) {
      return Optional.empty();
    }
    try {
      AppConfig config = loader.readUnchecked(appYaml, configMap.getMetadata().getName());
      Map<String, String> files = new TreeMap<>(data);
      files.remove(ConfigRenderer.APP_YAML);
      return Optional.of(
          new Revision(
              new RenderedConfig(id, appYaml, files),
              config.getServices(),
              PodInputsJson.read(podJson)));
    } catch (InvalidConfigException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
