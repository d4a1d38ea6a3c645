package io.twistd.testenv;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Map;

/**
 * Chooses how a {@link NodeAgent} treats a Pod. The agent asks again on every change of the Pod and
 * on {@link NodeAgent#refresh()}, so a policy may read state that the test changes.
 *
 * <p>Called on the agent's own thread; it must not block.
 */
@FunctionalInterface
public interface PodPolicy {

  /** The behaviour for {@code pod}; never null. */
  PodBehaviour behaviourOf(Pod pod);

  /** Treats every Pod the same. */
  static PodPolicy always(PodBehaviour behaviour) {
    return pod -> behaviour;
  }

  /**
   * Reads the behaviour from the Pod's label {@code key}, whose value is a {@link PodBehaviour}
   * name (e.g. {@code NEVER_READY}); Pods without it get {@code otherwise}. Put the label on a pod
   * template to choose per ReplicaSet, and change it to roll a Deployment into that behaviour.
   *
   * @throws IllegalArgumentException from {@link #behaviourOf} when the value names no behaviour
   */
  static PodPolicy fromLabel(String key, PodBehaviour otherwise) {
    return pod -> {
      Map<String, String> labels = pod.getMetadata().getLabels();
      String value = labels == null ? null : labels.get(key);
      return value == null ? otherwise : PodBehaviour.valueOf(value);
    };
  }

  /**
   * Treats Pods labelled {@code key=value} as {@code matched}, all others as {@code otherwise}.
   * With {@code pod-template-hash} as the key this picks one ReplicaSet's Pods.
   */
  static PodPolicy byLabel(String key, String value, PodBehaviour matched, PodBehaviour otherwise) {
    return pod -> {
      Map<String, String> labels = pod.getMetadata().getLabels();
      return labels != null && value.equals(labels.get(key)) ? matched : otherwise;
    };
  }
}
