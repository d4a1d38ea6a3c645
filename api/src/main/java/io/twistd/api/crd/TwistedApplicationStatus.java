package io.twistd.api.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.ArrayList;
import java.util.List;

/** The observed state of a TwistedApplication. */
public class TwistedApplicationStatus {

  @JsonPropertyDescription("The spec generation this status describes.")
  private Long observedGeneration;

  @StatusReplicas
  @JsonPropertyDescription("Pods that exist.")
  private Integer replicas;

  @JsonPropertyDescription("Pods that are ready.")
  private Integer readyReplicas;

  @JsonPropertyDescription("Pods that run the current revision.")
  private Integer updatedReplicas;

  @JsonPropertyDescription("Ready pods over desired pods, e.g. 2/3.")
  private String ready;

  @JsonPropertyDescription("One word summary: Ready, Progressing, Degraded or Invalid.")
  private String phase;

  @LabelSelector
  @JsonPropertyDescription("Label selector of the pods, for the scale subresource.")
  private String selector;

  @JsonPropertyDescription("Content hash of the configuration the pods are given.")
  private String currentRevision;

  @JsonPropertyDescription("The last revision that rolled out completely.")
  private String lastGoodRevision;

  @JsonPropertyDescription(
      "A revision that failed to roll out and was rolled back; it is not tried again until the spec changes.")
  private String failedRevision;

  @JsonPropertyDescription("Ready, Progressing, Degraded and ConfigValid conditions.")
  private List<Condition> conditions = new ArrayList<>();

  /** The spec generation this status describes. */
  public Long getObservedGeneration() {
    return observedGeneration;
  }

  public void setObservedGeneration(Long observedGeneration) {
    this.observedGeneration = observedGeneration;
  }

  /** Pods that exist. */
  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  /** Pods that are ready. */
  public Integer getReadyReplicas() {
    return readyReplicas;
  }

  public void setReadyReplicas(Integer readyReplicas) {
    this.readyReplicas = readyReplicas;
  }

  /** Pods that run the current revision. */
  public Integer getUpdatedReplicas() {
    return updatedReplicas;
  }

  public void setUpdatedReplicas(Integer updatedReplicas) {
    this.updatedReplicas = updatedReplicas;
  }

  /** Ready pods over desired pods, e.g. 2/3. */
  public String getReady() {
    return ready;
  }

  public void setReady(String ready) {
    this.ready = ready;
  }

  /** One word summary: Ready, Progressing, Degraded or Invalid. */
  public String getPhase() {
    return phase;
  }

  public void setPhase(String phase) {
    this.phase = phase;
  }

  /** Label selector of the pods, for the scale subresource. */
  public String getSelector() {
    return selector;
  }

  public void setSelector(String selector) {
    this.selector = selector;
  }

  /** Content hash of the configuration the pods are given. */
  public String getCurrentRevision() {
    return currentRevision;
  }

  public void setCurrentRevision(String currentRevision) {
    this.currentRevision = currentRevision;
  }

  /** The last revision that rolled out completely. */
  public String getLastGoodRevision() {
    return lastGoodRevision;
  }

  public void setLastGoodRevision(String lastGoodRevision) {
    this.lastGoodRevision = lastGoodRevision;
  }

  /**
   * A revision that failed to roll out and was rolled back; it is not tried again until the spec
   * changes.
   */
  public String getFailedRevision() {
    return failedRevision;
  }

  public void setFailedRevision(String failedRevision) {
    this.failedRevision = failedRevision;
  }

  /** Ready, Progressing, Degraded and ConfigValid conditions. */
  public List<Condition> getConditions() {
    return conditions;
  }

  public void setConditions(List<Condition> conditions) {
    this.conditions = conditions;
  }
}
