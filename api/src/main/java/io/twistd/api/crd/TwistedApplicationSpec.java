package io.twistd.api.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;
import io.twistd.api.config.LoggingConfig;
import io.twistd.api.config.ServiceDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The desired state of a TwistedApplication. */
public class TwistedApplicationSpec {

  @SpecReplicas
  @Min(0)
  @JsonPropertyDescription("Number of pods running the service tree.")
  private Integer replicas = 1;

  @JsonPropertyDescription(
      "Runtime container image; empty means the operator's configured default.")
  private String image;

  @Required
  @Size(min = 1, max = 32)
  @ValidationRule(
      value = "self.all(s, self.exists_one(o, o.name == s.name))",
      message = "service names must be unique among siblings")
  // Checked here for the top level only: the deepest level of the schema has no services field
  // for a class-level rule to name. The operator's semantic validation checks every level.
  @ValidationRule(
      value =
          "self.all(s, s.type == 'multi' ? has(s.services) && size(s.services) > 0"
              + " : !has(s.services) || size(s.services) == 0)",
      message = "a multi service needs at least one child, and only multi services have children")
  @ValidationRule(
      value =
          "self.all(s, !has(s.listen) || s.listen.all(e, !e.matches('^(tcp6?|ssl):(port=)?[0-9]{1,9}(:|$)')"
              + " || int(e.split(':')[1].replace('port=', '')) <= 65535))",
      message = "ports must be between 1 and 65535")
  @JsonPropertyDescription("The root service's children, started in order and stopped in reverse.")
  private List<ServiceDefinition> services = new ArrayList<>();

  // type: object, so that the API server refuses a scalar or a list here: one such resource would
  // otherwise fail to deserialize and break every list and watch of TwistedApplications.
  @SchemaFrom(type = ObjectNode.class)
  @JsonPropertyDescription("Free-form application configuration handed to every service.")
  private Map<String, Object> config = new LinkedHashMap<>();

  @ValidationRule(
      value = "self.all(k, k.matches('^[-._a-zA-Z0-9]+$') && k != 'app.yaml')",
      message =
          "file names must be plain names of letters, digits, '-', '_' and '.', and not app.yaml")
  @JsonPropertyDescription("Small extra files written next to app.yaml, by file name.")
  private Map<String, String> files = new LinkedHashMap<>();

  @Size(max = 16)
  @JsonPropertyDescription(
      "Secrets mounted read-only under /etc/twistd/secrets/NAME; never copied into ConfigMaps.")
  private List<SecretReference> secrets = new ArrayList<>();

  @JsonPropertyDescription("How configuration changes roll out.")
  private RolloutSpec rollout = new RolloutSpec();

  @JsonPropertyDescription("Log level and format of the runtime.")
  private LoggingConfig logging = new LoggingConfig();

  @JsonPropertyDescription("The Kubernetes Service in front of the listened TCP ports.")
  private ExposeSpec expose = new ExposeSpec();

  @JsonPropertyDescription("Pod settings: resources, scheduling, env and annotations.")
  private PodOverrides pod = new PodOverrides();

  /** Number of pods running the service tree. */
  public Integer getReplicas() {
    return replicas;
  }

  public void setReplicas(Integer replicas) {
    this.replicas = replicas;
  }

  /** Runtime container image; empty means the operator's configured default. */
  public String getImage() {
    return image;
  }

  public void setImage(String image) {
    this.image = image;
  }

  /** The root service's children, started in order and stopped in reverse. */
  public List<ServiceDefinition> getServices() {
    return services;
  }

  public void setServices(List<ServiceDefinition> services) {
    this.services = services;
  }

  /** Free-form application configuration handed to every service. */
  public Map<String, Object> getConfig() {
    return config;
  }

  public void setConfig(Map<String, Object> config) {
    this.config = config;
  }

  /** Small extra files written next to app.yaml, by file name. */
  public Map<String, String> getFiles() {
    return files;
  }

  public void setFiles(Map<String, String> files) {
    this.files = files;
  }

  /** Secrets mounted read-only under /etc/twistd/secrets/NAME; never copied into ConfigMaps. */
  public List<SecretReference> getSecrets() {
    return secrets;
  }

  public void setSecrets(List<SecretReference> secrets) {
    this.secrets = secrets;
  }

  /** How configuration changes roll out. */
  public RolloutSpec getRollout() {
    return rollout;
  }

  public void setRollout(RolloutSpec rollout) {
    this.rollout = rollout;
  }

  /** Log level and format of the runtime. */
  public LoggingConfig getLogging() {
    return logging;
  }

  public void setLogging(LoggingConfig logging) {
    this.logging = logging;
  }

  /** The Kubernetes Service in front of the listened TCP ports. */
  public ExposeSpec getExpose() {
    return expose;
  }

  public void setExpose(ExposeSpec expose) {
    this.expose = expose;
  }

  /** Pod settings: resources, scheduling, env and annotations. */
  public PodOverrides getPod() {
    return pod;
  }

  public void setPod(PodOverrides pod) {
    this.pod = pod;
  }
}
