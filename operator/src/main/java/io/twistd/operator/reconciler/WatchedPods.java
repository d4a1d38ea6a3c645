package io.twistd.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.operator.dependent.AppLabels;
import io.twistd.operator.dependent.ConfigMapDependent;
import java.util.Map;
import java.util.Set;

/**
 * Watches the applications' pods, so that a pod that crash-loops, cannot pull its image, or turns
 * ready reconciles its application at once. Only pods the operator's templates label are cached;
 * each maps to the application named by its {@code app.kubernetes.io/instance} label.
 */
final class WatchedPods {

  private static final String NAME = "pods";
  private static final String INSTANCE = "app.kubernetes.io/instance";

  private WatchedPods() {}

  /** The Pod event source of the controller. */
  static InformerEventSource<Pod, TwistedApplication> eventSource(
      EventSourceContext<TwistedApplication> context) {
    InformerEventSourceConfiguration<Pod> config =
        InformerEventSourceConfiguration.from(Pod.class, TwistedApplication.class)
            .withName(NAME)
            .withNamespacesInheritedFromController()
            .withLabelSelector(
                ConfigMapDependent.SELECTOR + ",app.kubernetes.io/name=" + AppLabels.NAME)
            .withSecondaryToPrimaryMapper(WatchedPods::application)
            .build();
    return new InformerEventSource<>(config, context);
  }

  private static Set<ResourceID> application(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String instance = labels == null ? null : labels.get(INSTANCE);
    return instance == null
        ? Set.of()
        : Set.of(new ResourceID(instance, pod.getMetadata().getNamespace()));
  }
}
