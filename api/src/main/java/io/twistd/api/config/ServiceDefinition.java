package io.twistd.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One node of the service tree: a named service of a type, its endpoints, options, children. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"name", "type", "listen", "options", "services"})
@ValidationRule(
    value = "self.type != 'multi' || !has(self.listen) || size(self.listen) == 0",
    message = "a multi service does not listen; give its children the endpoints")
public class ServiceDefinition {

  @Required
  @Size(max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("The service's name, a DNS label unique among its siblings.")
  private String name;

  @Required
  @Size(max = 63)
  @Pattern("^[a-z][-a-z0-9]*$")
  @JsonPropertyDescription(
      "The service type: web, proxy, portforward, echo, discard, chargen, daytime,"
          + " time, qotd, timer, multi, or a plugin's type.")
  private String type;

  @Size(max = 8)
  @ValidationRule(
      value =
          "self.all(e, size(e) <= 512 && (e.matches('^(tcp6?|ssl):(port=)?[0-9]{1,5}(:.*)?$')"
              + " || e.matches('^unix:.+')))",
      message =
          "each endpoint must look like tcp:PORT, tcp6:PORT, ssl:PORT:privateKey=FILE or unix:PATH")
  @ValidationRule(
      value =
          "self.all(e, size(e) > 512 || !e.matches('^(tcp6?|ssl):(port=)?[0-9]{1,5}(:.*)?$')"
              + " || (int(e.split(':')[1].replace('port=', '')) >= 1"
              + " && int(e.split(':')[1].replace('port=', '')) <= 65535))",
      message = "ports must be between 1 and 65535")
  @JsonPropertyDescription(
      "Twisted endpoint strings to listen on, e.g. tcp:8080 or ssl:8443:privateKey=FILE.")
  private List<String> listen = new ArrayList<>();

  @SchemaFrom(type = JsonNode.class)
  @JsonPropertyDescription("The type's options, e.g. {path: /srv/www} for web.")
  private Map<String, Object> options = new LinkedHashMap<>();

  @Size(max = 64)
  @ValidationRule(
      value = "self.all(s, self.exists_one(o, o.name == s.name))",
      message = "service names must be unique among siblings")
  @JsonPropertyDescription("Children of a multi service, started in order and stopped in reverse.")
  private List<ServiceDefinition> services = new ArrayList<>();

  /** The service's name, a DNS label unique among its siblings. */
  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  /** The service type: a built-in (web, proxy, echo, timer, multi, …) or a plugin's type. */
  public String getType() {
    return type;
  }

  public void setType(String type) {
    this.type = type;
  }

  /** Twisted endpoint strings to listen on, e.g. tcp:8080 or ssl:8443:privateKey=…. */
  public List<String> getListen() {
    return listen;
  }

  public void setListen(List<String> listen) {
    this.listen = listen == null ? new ArrayList<>() : listen;
  }

  /** The type's options, e.g. {path: /srv/www} for web. */
  public Map<String, Object> getOptions() {
    return options;
  }

  public void setOptions(Map<String, Object> options) {
    this.options = options == null ? new LinkedHashMap<>() : options;
  }

  /** Children of a multi service, started in order. */
  public List<ServiceDefinition> getServices() {
    return services;
  }

  public void setServices(List<ServiceDefinition> services) {
    this.services = services == null ? new ArrayList<>() : services;
  }
}
