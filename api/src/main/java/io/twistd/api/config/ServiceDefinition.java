package io.twistd.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One node of the service tree: a named service of a type, its endpoints, options, children. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"name", "type", "listen", "options", "services"})
public class ServiceDefinition {

  private String name;
  private String type;
  private List<String> listen = new ArrayList<>();
  private Map<String, Object> options = new LinkedHashMap<>();
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
