package io.twistd.operator.rollout;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.Map;

/**
 * Asks pods' runtimes which revision they run, for HotReload, where the pod template does not say.
 */
@FunctionalInterface
public interface PodStatusProbe {

  /**
   * Reads the report of each of {@code pods} that answers; a pod that does not answer in time is
   * left out (it counts as not on any revision). Blocks for at most the probe's timeout, however
   * many pods there are.
   *
   * @return reports by pod name
   */
  Map<String, PodReport> read(Collection<Pod> pods);
}
