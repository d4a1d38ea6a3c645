package io.twistd.api.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Service that exposes the listened TCP ports. */
public class ExposeSpec {

  @ValidationRule(
      value = "self in ['ClusterIP', 'NodePort', 'LoadBalancer', 'None']",
      message = "expose.type must be ClusterIP, NodePort, LoadBalancer or None")
  @JsonPropertyDescription("ClusterIP, NodePort, LoadBalancer, or None for no Service.")
  private String type = "ClusterIP";

  @JsonPropertyDescription("Annotations of the Service.")
  private Map<String, String> annotations = new LinkedHashMap<>();

  /** ClusterIP, NodePort, LoadBalancer, or None for no Service. */
  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  /** Annotations of the Service. */
  public Map<String, String> getAnnotations() {
    return annotations;
  }

  public void setAnnotations(Map<String, String> annotations) {
    this.annotations = annotations;
  }
}
