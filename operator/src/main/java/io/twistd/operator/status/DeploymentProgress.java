package io.twistd.operator.status;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.List;
import java.util.Optional;

/**
 * What a Deployment's status says about its rollout: counts, whether the newest template is fully
 * rolled out and available, and whether it failed.
 *
 * @param replicas pods that exist
 * @param ready pods that are ready
 * @param updated pods that run the newest template
 * @param available pods available for at least minReadySeconds
 * @param observed whether the Deployment controller has seen the newest spec
 * @param availableCondition whether the Deployment's Available condition is True
 * @param failure why the rollout failed (ProgressDeadlineExceeded, ReplicaFailure), if it did
 */
public record DeploymentProgress(
    int replicas,
    int ready,
    int updated,
    int available,
    boolean observed,
    boolean availableCondition,
    Optional<String> failure) {

  /** Reads {@code deployment}; a missing Deployment reads as nothing running yet. */
  public static DeploymentProgress of(Optional<Deployment> deployment) {
    if (deployment.isEmpty() || deployment.get().getStatus() == null) {
      return new DeploymentProgress(0, 0, 0, 0, false, false, Optional.empty());
    }
    Deployment d = deployment.get();
    DeploymentStatus s = d.getStatus();
    List<DeploymentCondition> conditions = s.getConditions();
    Long generation = d.getMetadata().getGeneration();
    return new DeploymentProgress(
        zero(s.getReplicas()),
        zero(s.getReadyReplicas()),
        zero(s.getUpdatedReplicas()),
        zero(s.getAvailableReplicas()),
        s.getObservedGeneration() != null
            && generation != null
            && s.getObservedGeneration() >= generation,
        conditions.stream()
            .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus())),
        failure(conditions));
  }

  /** Whether every desired pod runs the newest template and is available, with no old pods left. */
  public boolean complete(int desired) {
    return observed && updated == desired && available >= desired && replicas == desired;
  }

  private static Optional<String> failure(List<DeploymentCondition> conditions) {
    for (DeploymentCondition c : conditions) {
      if ("Progressing".equals(c.getType()) && "ProgressDeadlineExceeded".equals(c.getReason())) {
        return Optional.of("ProgressDeadlineExceeded: " + c.getMessage());
      }
      if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
        return Optional.of("ReplicaFailure: " + c.getMessage());
      }
    }
    return Optional.empty();
  }

  private static int zero(Integer value) {
    return value == null ? 0 : value;
  }
}
