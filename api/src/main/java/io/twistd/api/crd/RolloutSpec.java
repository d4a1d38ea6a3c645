package io.twistd.api.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.kubernetes.api.model.IntOrString;

/** How configuration changes reach the pods. */
public class RolloutSpec {

  @JsonPropertyDescription(
      "Restart rolls new pods for each config revision; HotReload updates a stable ConfigMap the pods reload live.")
  private RolloutStrategy strategy = RolloutStrategy.Restart;

  @JsonPropertyDescription("Roll a failed revision back to the last good one.")
  private Boolean autoRollback = true;

  @Min(1)
  @JsonPropertyDescription("Seconds a rollout may take before it counts as failed.")
  private Integer progressDeadlineSeconds = 120;

  @Min(0)
  @JsonPropertyDescription("Old config revisions kept for rollback.")
  private Integer revisionHistoryLimit = 5;

  @JsonPropertyDescription("Pods that may be unavailable during a rollout; 0 keeps full capacity.")
  private IntOrString maxUnavailable;

  @JsonPropertyDescription("Extra pods a rollout may create; default 25%.")
  private IntOrString maxSurge;

  /**
   * Restart rolls new pods for each config revision; HotReload updates a stable ConfigMap the pods
   * reload live.
   */
  public RolloutStrategy getStrategy() {
    return strategy;
  }

  public void setStrategy(RolloutStrategy strategy) {
    this.strategy = strategy;
  }

  /** Roll a failed revision back to the last good one. */
  public Boolean getAutoRollback() {
    return autoRollback;
  }

  public void setAutoRollback(Boolean autoRollback) {
    this.autoRollback = autoRollback;
  }

  /** Seconds a rollout may take before it counts as failed. */
  public Integer getProgressDeadlineSeconds() {
    return progressDeadlineSeconds;
  }

  public void setProgressDeadlineSeconds(Integer progressDeadlineSeconds) {
    this.progressDeadlineSeconds = progressDeadlineSeconds;
  }

  /** Old config revisions kept for rollback. */
  public Integer getRevisionHistoryLimit() {
    return revisionHistoryLimit;
  }

  public void setRevisionHistoryLimit(Integer revisionHistoryLimit) {
    this.revisionHistoryLimit = revisionHistoryLimit;
  }

  /** Pods that may be unavailable during a rollout; 0 keeps full capacity. */
  public IntOrString getMaxUnavailable() {
    return maxUnavailable;
  }

  public void setMaxUnavailable(IntOrString maxUnavailable) {
    this.maxUnavailable = maxUnavailable;
  }

  /** Extra pods a rollout may create; default 25%. */
  public IntOrString getMaxSurge() {
    return maxSurge;
  }

  public void setMaxSurge(IntOrString maxSurge) {
    this.maxSurge = maxSurge;
  }
}
