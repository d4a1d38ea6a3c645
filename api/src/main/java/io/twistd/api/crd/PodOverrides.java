package io.twistd.api.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Settings of the pods, applied over the operator's defaults. */
public class PodOverrides {

  @JsonPropertyDescription("CPU and memory requests and limits of the runtime container.")
  private ResourceRequirements resources;

  @JsonPropertyDescription("Node labels the pods must run on.")
  private Map<String, String> nodeSelector = new LinkedHashMap<>();

  @JsonPropertyDescription("Taints the pods tolerate.")
  private List<Toleration> tolerations = new ArrayList<>();

  @JsonPropertyDescription("Scheduling affinity of the pods.")
  private Affinity affinity;

  @JsonPropertyDescription("Extra environment variables of the runtime container.")
  private List<EnvVar> env = new ArrayList<>();

  @JsonPropertyDescription("Annotations of the pods.")
  private Map<String, String> annotations = new LinkedHashMap<>();

  /** CPU and memory requests and limits of the runtime container. */
  public ResourceRequirements getResources() {
    return resources;
  }

  public void setResources(ResourceRequirements resources) {
    this.resources = resources;
  }

  /** Node labels the pods must run on. */
  public Map<String, String> getNodeSelector() {
    return nodeSelector;
  }

  public void setNodeSelector(Map<String, String> nodeSelector) {
    this.nodeSelector = nodeSelector;
  }

  /** Taints the pods tolerate. */
  public List<Toleration> getTolerations() {
    return tolerations;
  }

  public void setTolerations(List<Toleration> tolerations) {
    this.tolerations = tolerations;
  }

  /** Scheduling affinity of the pods. */
  public Affinity getAffinity() {
    return affinity;
  }

  public void setAffinity(Affinity affinity) {
    this.affinity = affinity;
  }

  /** Extra environment variables of the runtime container. */
  public List<EnvVar> getEnv() {
    return env;
  }

  public void setEnv(List<EnvVar> env) {
    this.env = env;
  }

  /** Annotations of the pods. */
  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }
}
