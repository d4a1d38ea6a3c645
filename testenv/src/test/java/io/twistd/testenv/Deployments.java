package io.twistd.testenv;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.util.Optional;

/** Deployments for tests, and reading their status. */
final class Deployments {

  /** The pod-template label that {@link PodPolicy#fromLabel} reads. */
  static final String BEHAVIOUR_LABEL = "testenv.twistd.io/behaviour";

  private Deployments() {}

  /**
   * A Deployment of {@code replicas} pods that roll one at a time, never below {@code replicas}.
   */
  static Deployment deployment(
      String name, int replicas, PodBehaviour behaviour, int progressDeadlineSeconds) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withProgressDeadlineSeconds(progressDeadlineSeconds)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withNewMaxSurge(1)
        .withNewMaxUnavailable(0)
        .endRollingUpdate()
        .endStrategy()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .addToLabels(BEHAVIOUR_LABEL, behaviour.name())
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("twistd-runtime:test")
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  /** The condition of {@code type}, if the Deployment's status has it. */
  static Optional<DeploymentCondition> condition(Deployment deployment, String type) {
    if (deployment.getStatus() == null || deployment.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return deployment.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  /**
   * Whether the rollout is complete: the controller saw the latest spec, every replica is updated
   * and available, and no old replica is left.
   */
  static boolean rolledOut(Deployment d) {
    if (d == null || d.getStatus() == null) {
      return false;
    }
    int wanted = d.getSpec().getReplicas();
    return d.getMetadata().getGeneration().equals(d.getStatus().getObservedGeneration())
        && Integer.valueOf(wanted).equals(d.getStatus().getUpdatedReplicas())
        && Integer.valueOf(wanted).equals(d.getStatus().getAvailableReplicas())
        && Integer.valueOf(wanted).equals(d.getStatus().getReplicas());
  }
}
