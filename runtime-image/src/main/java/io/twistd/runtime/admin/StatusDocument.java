package io.twistd.runtime.admin;

import io.twistd.runtime.net.ListeningService;
import io.twistd.runtime.service.MultiService;
import io.twistd.runtime.service.Service;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Describes a service tree for {@code /status}: names, types, states and bound addresses. */
public final class StatusDocument {

  private StatusDocument() {}

  /**
   * The children of {@code root}, each as a map with {@code name}, {@code path}, {@code type},
   * {@code state}, {@code listening} (bound addresses) and {@code services} (children).
   *
   * @param typeOf the configured type of a service, or null when unknown
   */
  public static List<Map<String, Object>> services(
      MultiService root, Function<Service, String> typeOf) {
    return root.services().stream().map(service -> describe(service, typeOf)).toList();
  }

  private static Map<String, Object> describe(Service service, Function<Service, String> typeOf) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", service.name());
    out.put("path", service.path());
    out.put("type", typeOf.apply(service));
    out.put("state", service.state().name().toLowerCase(java.util.Locale.ROOT));
    if (service instanceof ListeningService listening) {
      out.put(
          "listening", listening.boundAddresses().stream().map(StatusDocument::address).toList());
    }
    if (service instanceof MultiService multi) {
      out.put("services", services(multi, typeOf));
    }
    return out;
  }

  /**
   * {@code host:port} for IP sockets ({@code *:port} for the wildcard), the path for UNIX sockets.
   */
  public static String address(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      if (inet.getAddress().isAnyLocalAddress()) {
        return "*:" + inet.getPort(); // every address, IPv4 and IPv6
      }
      String host = inet.getAddress().getHostAddress();
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }
}
