package io.twistd.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

  /** A TCP port, 1 to 65535, as a regular expression. */
  public static final String PORT =
      "([1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])";

  /**
   * What an endpoint string looks like before it is parsed: a TCP type and a port from 1 to 65535,
   * or a UNIX socket path. The CRD's schema checks it; the runtime's parser checks the rest.
   */
  public static final String ENDPOINT_SHAPE = "^((tcp6?|ssl):(port=)?" + PORT + "(:.*)?|unix:.+)$";

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
  @JsonPropertyDescription(
      "Twisted endpoint strings to listen on, e.g. tcp:8080 or ssl:8443:privateKey=FILE.")
  private List<@Size(max = 256) @Pattern(ENDPOINT_SHAPE) String> listen = new ArrayList<>();

  // type: object, so that the API server refuses a scalar or a list here: one such resource would
  // otherwise fail to deserialize and break every list and watch of TwistedApplications.
  @SchemaFrom(type = ObjectNode.class)
  @JsonPropertyDescription("The type's options, e.g. {path: /srv/www} for web.")
  private Map<String, Object> options = new LinkedHashMap<>();

  @Size(max = 16)
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
