package io.twistd.operator.reconciler;

import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ServiceDefinition;
import io.twistd.api.endpoint.EndpointSyntaxException;
import io.twistd.api.endpoint.ServerEndpoint;
import io.twistd.api.endpoint.ServerEndpoints;
import io.twistd.api.validation.ConfigValidator;
import io.twistd.api.validation.ServiceTypeCatalog;
import io.twistd.api.validation.Violation;
import io.twistd.operator.dependent.ConfigRenderer;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator's semantic checks of a spec: the runtime's own {@link ConfigValidator} (types,
 * options, endpoints, names) plus what only matters in a pod: a fixed port for every TCP endpoint,
 * and the admin port left free. Paths are reported from the resource's root ({@code
 * spec.services[1].listen[0]}).
 *
 * <p>A service type the operator does not know is refused, unless the application names its own
 * {@code spec.image}: such an image may carry plugins, whose types and options only the runtime in
 * it can check (at start, where a failure is rolled back). Their endpoints are still checked here.
 */
public final class SpecValidator {

  /** How the runtime's validator names the listener that already holds a port. */
  private static final String CLASH = " is already used by ";

  /**
   * A clash with the admin server, which the spec does not configure: {@link #checkPodPort} reports
   * it in the pod's terms instead.
   */
  private static final String ADMIN_CLASH = CLASH + "admin.listen";

  /** How the runtime's validator begins the message about a type it does not know. */
  private static final String UNKNOWN_TYPE = "unknown service type '";

  private final ServiceTypeCatalog catalog;
  private final ConfigValidator validator;

  /**
   * @param catalog the service types the default runtime image knows
   */
  public SpecValidator(ServiceTypeCatalog catalog) {
    this.catalog = catalog;
    this.validator = new ConfigValidator(catalog);
  }

  /**
   * Every violation of {@code config} (rendered from a spec), with {@code spec.} paths.
   *
   * @param customImage whether the spec names its own image, which may carry plugin types
   */
  public List<Violation> validate(AppConfig config, boolean customImage) {
    List<Violation> out = new ArrayList<>();
    for (Violation v : validator.validate(config)) {
      if (v.path().startsWith("admin.")
          || v.path().equals("application")
          || v.message().endsWith(ADMIN_CLASH)) {
        continue;
      }
      if (v.message().startsWith(UNKNOWN_TYPE)) {
        if (customImage) {
          continue;
        }
        out.add(
            new Violation(
                "spec." + v.path(),
                v.message()
                    + "; a plugin's type needs spec.image naming an image that carries the plugin"));
        continue;
      }
      out.add(new Violation("spec." + v.path(), inSpecTerms(v.message())));
    }
    checkPodPorts(config.getServices(), "spec.services", out);
    return out;
  }

  /**
   * A port clash names the other listener by its path in the runtime's config; in a spec that path
   * starts with {@code spec.} too.
   */
  private static String inSpecTerms(String message) {
    return message.replace(CLASH + "services[", CLASH + "spec.services[");
  }

  private void checkPodPorts(List<ServiceDefinition> services, String path, List<Violation> out) {
    for (int i = 0; i < services.size(); i++) {
      ServiceDefinition service = services.get(i);
      String here = path + "[" + i + "]";
      boolean known = catalog.find(service.getType()).isPresent();
      for (int j = 0; j < service.getListen().size(); j++) {
        checkPodPort(service.getListen().get(j), here + ".listen[" + j + "]", known, out);
      }
      checkPodPorts(service.getServices(), here + ".services", out);
    }
  }

  private static void checkPodPort(
      String endpoint, String path, boolean knownType, List<Violation> out) {
    ServerEndpoint parsed;
    try {
      parsed = ServerEndpoints.parse(endpoint);
    } catch (EndpointSyntaxException e) {
      if (!knownType) {
        // the runtime's validator stopped at the unknown type and did not read the endpoints
        out.add(new Violation(path, e.getMessage()));
      }
      return;
    }
    parsed
        .tcpPort()
        .ifPresent(
            port -> {
              if (port == 0) {
                out.add(
                    new Violation(
                        path,
                        "port 0 picks a random port, which a Service cannot reach; use 1-65535"));
              } else if (port == ConfigRenderer.ADMIN_PORT) {
                out.add(
                    new Violation(
                        path,
                        "port "
                            + ConfigRenderer.ADMIN_PORT
                            + " is the runtime's admin port in the pod; choose another"));
              }
            });
  }
}
