package io.twistd.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runtime's configuration file ({@code app.yaml}): an application, its service tree and its
 * free-form configuration. The operator writes exactly this shape into a ConfigMap.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "application",
  "revision",
  "admin",
  "logging",
  "shutdown",
  "services",
  "config"
})
public class AppConfig {

  private String application;
  private String revision = "";
  private AdminConfig admin = new AdminConfig();
  private LoggingConfig logging = new LoggingConfig();
  private ShutdownConfig shutdown = new ShutdownConfig();
  private List<ServiceDefinition> services = new ArrayList<>();
  private Map<String, Object> config = new LinkedHashMap<>();

  /** The application's name, a DNS label; it names the process in logs and metrics. */
  public String getApplication() {
    return application;
  }

  public void setApplication(String application) {
    this.application = application;
  }

  /** An opaque revision of this file; the operator sets a content hash, empty when unset. */
  public String getRevision() {
    return revision;
  }

  public void setRevision(String revision) {
    this.revision = revision == null ? "" : revision;
  }

  /** Where the admin endpoints (health, readiness, metrics, status) listen. */
  public AdminConfig getAdmin() {
    return admin;
  }

  public void setAdmin(AdminConfig admin) {
    this.admin = admin == null ? new AdminConfig() : admin;
  }

  /** Log level and format. */
  public LoggingConfig getLogging() {
    return logging;
  }

  public void setLogging(LoggingConfig logging) {
    this.logging = logging == null ? new LoggingConfig() : logging;
  }

  /** How the runtime stops on SIGTERM: drain delay and grace period. */
  public ShutdownConfig getShutdown() {
    return shutdown;
  }

  public void setShutdown(ShutdownConfig shutdown) {
    this.shutdown = shutdown == null ? new ShutdownConfig() : shutdown;
  }

  /** The root service's children, started in this order and stopped in reverse. */
  public List<ServiceDefinition> getServices() {
    return services;
  }

  public void setServices(List<ServiceDefinition> services) {
    this.services = services == null ? new ArrayList<>() : services;
  }

  /** Free-form application configuration handed to every service. */
  public Map<String, Object> getConfig() {
    return config;
  }

  public void setConfig(Map<String, Object> config) {
    this.config = config == null ? new LinkedHashMap<>() : config;
  }
}
