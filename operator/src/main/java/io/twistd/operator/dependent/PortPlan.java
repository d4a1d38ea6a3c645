package io.twistd.operator.dependent;

import io.twistd.api.config.ServiceDefinition;
import io.twistd.api.endpoint.EndpointSyntaxException;
import io.twistd.api.endpoint.ServerEndpoint;
import io.twistd.api.endpoint.ServerEndpoints;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP ports an application's services listen on, each with a port name valid in Kubernetes (an
 * IANA service name: at most 15 characters, lowercase letters, digits and '-', at least one
 * letter). The name is the service's name when it fits and is unique, else {@code tcp-PORT}.
 */
public final class PortPlan {

  private static final int MAX_NAME = 15;

  /**
   * One listened port.
   *
   * @param name the port's name in the container and the Service
   * @param port the port number
   * @param servicePath the path of the service listening on it
   */
  public record NamedPort(String name, int port, String servicePath) {}

  private PortPlan() {}

  /** Every TCP port of {@code services} (recursively), in tree order, each once. */
  public static List<NamedPort> of(List<ServiceDefinition> services) {
    Map<Integer, String> byPort = new LinkedHashMap<>();
    collect(services, "", byPort);
    List<NamedPort> ports = new ArrayList<>();
    List<String> used = new ArrayList<>();
    byPort.forEach(
        (port, path) -> {
          String name = nameFor(path, port, used);
          used.add(name);
          ports.add(new NamedPort(name, port, path));
        });
    return ports;
  }

  /** The lowest TCP port, or empty when nothing listens on TCP. */
  public static java.util.OptionalInt lowest(List<ServiceDefinition> services) {
    return of(services).stream().mapToInt(NamedPort::port).min();
  }

  private static void collect(
      List<ServiceDefinition> services, String parent, Map<Integer, String> byPort) {
    for (ServiceDefinition service : services) {
      String path = parent.isEmpty() ? service.getName() : parent + "/" + service.getName();
      for (String endpoint : service.getListen()) {
        tcpPort(endpoint).ifPresent(port -> byPort.putIfAbsent(port, path));
      }
      collect(service.getServices(), path, byPort);
    }
  }

  private static java.util.Optional<Integer> tcpPort(String endpoint) {
    try {
      ServerEndpoint parsed = ServerEndpoints.parse(endpoint);
      return parsed.tcpPort().filter(port -> port > 0);
    } catch (EndpointSyntaxException e) {
      return java.util.Optional.empty();
    }
  }

  private static String nameFor(String path, int port, List<String> used) {
    String leaf = path.substring(path.lastIndexOf('/') + 1);
    boolean fits = leaf.length() <= MAX_NAME && leaf.matches(".*[a-z].*") && !leaf.contains("--");
    if (fits && !used.contains(leaf)) {
      return leaf;
    }
    return "tcp-" + port;
  }
}
