package io.twistd.api.validation;

import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ServiceDefinition;
import io.twistd.api.endpoint.EndpointSyntaxException;
import io.twistd.api.endpoint.ServerEndpoint;
import io.twistd.api.endpoint.ServerEndpoints;
import io.twistd.api.endpoint.SslEndpoint;
import io.twistd.api.endpoint.TcpEndpoint;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds TCP listeners in a config that cannot all bind: the same port on the same address, or on an
 * address a wildcard already covers. As the JVM binds them, {@code ::} (tcp6 without an interface)
 * is dual-stack and covers every address, {@code 0.0.0.0} (tcp without one) every IPv4 address.
 * Port 0 (chosen by the system) and UNIX sockets never clash.
 */
final class PortClaims {

  private static final String ANY_IPV4 = "0.0.0.0";
  private static final String ANY = "::";

  /** One listener's claim on a port at an address. */
  private record Claim(int port, String address, String path) {

    boolean overlaps(Claim other) {
      return port == other.port && (covers(other.address) || other.covers(address));
    }

    private boolean covers(String otherAddress) {
      return address.equals(otherAddress)
          || address.equals(ANY)
          || (address.equals(ANY_IPV4) && !otherAddress.contains(":"));
    }
  }

  private final List<Claim> claims = new ArrayList<>();
  private final List<Violation> out;

  private PortClaims(List<Violation> out) {
    this.out = out;
  }

  /** Reports, at the later one, each listener whose port is already claimed. */
  static void check(AppConfig config, List<Violation> out) {
    PortClaims ports = new PortClaims(out);
    ports.claim(config.getAdmin().getListen(), "admin.listen");
    ports.walk(config.getServices(), "services");
  }

  private void walk(List<ServiceDefinition> services, String path) {
    for (int i = 0; i < services.size(); i++) {
      ServiceDefinition service = services.get(i);
      if (service == null) {
        continue;
      }
      String here = path + "[" + i + "]";
      for (int j = 0; j < service.getListen().size(); j++) {
        claim(service.getListen().get(j), here + ".listen[" + j + "]");
      }
      walk(service.getServices(), here + ".services");
    }
  }

  private void claim(String endpoint, String path) {
    TcpEndpoint tcp = tcpOf(endpoint);
    if (tcp == null || tcp.port() == 0) {
      return;
    }
    Claim claim = new Claim(tcp.port(), tcp.bindAddress(), path);
    for (Claim earlier : claims) {
      if (earlier.overlaps(claim)) {
        out.add(
            new Violation(path, "port " + tcp.port() + " is already used by " + earlier.path()));
        return;
      }
    }
    claims.add(claim);
  }

  private static TcpEndpoint tcpOf(String endpoint) {
    if (endpoint == null) {
      return null;
    }
    ServerEndpoint parsed;
    try {
      parsed = ServerEndpoints.parse(endpoint);
    } catch (EndpointSyntaxException e) {
      return null; // reported where the endpoint itself is checked
    }
    if (parsed instanceof SslEndpoint ssl) {
      return ssl.tcp();
    }
    return parsed instanceof TcpEndpoint tcp ? tcp : null;
  }
}
