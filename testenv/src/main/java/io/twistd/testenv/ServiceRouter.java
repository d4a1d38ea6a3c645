package io.twistd.testenv;

import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reaches a Service the way kube-proxy routes to it: through the ready addresses of its
 * EndpointSlices, in turn. The slices come from an informer, so every call sees the addresses as
 * the endpointslice controller last wrote them: a pod that turns unready or starts terminating is
 * left out as soon as its slice says so.
 *
 * <p>Thread-safe. {@link #close()} stops the informer.
 */
public final class ServiceRouter implements AutoCloseable {

  private static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

  /**
   * One ready address of a Service port.
   *
   * @param address the pod's IP
   * @param port the port number on the pod
   * @param podName the pod behind it, when the slice names it
   */
  public record Destination(String address, int port, String podName) {}

  private final String namespace;
  private final SharedIndexInformer<EndpointSlice> slices;
  private final Map<String, AtomicLong> turns = new ConcurrentHashMap<>();

  private ServiceRouter(String namespace, SharedIndexInformer<EndpointSlice> slices) {
    this.namespace = namespace;
    this.slices = slices;
  }

  /** Starts watching the EndpointSlices of {@code namespace}; returns once the cache is filled. */
  public static ServiceRouter watch(KubernetesClient client, String namespace) {
    SharedIndexInformer<EndpointSlice> slices =
        client.discovery().v1().endpointSlices().inNamespace(namespace).inform();
    return new ServiceRouter(namespace, slices);
  }

  /**
   * Every ready destination of port {@code portName} of Service {@code service}, sorted by address.
   */
  public List<Destination> ready(String service, String portName) {
    List<Destination> destinations = new ArrayList<>();
    for (EndpointSlice slice : slices.getStore().list()) {
      Map<String, String> labels = slice.getMetadata().getLabels();
      if (!namespace.equals(slice.getMetadata().getNamespace())
          || labels == null
          || !service.equals(labels.get(SERVICE_NAME_LABEL))) {
        continue;
      }
      Optional<Integer> port = port(slice, portName);
      if (port.isEmpty() || slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint endpoint : slice.getEndpoints()) {
        if (endpoint.getConditions() == null
            || !Boolean.TRUE.equals(endpoint.getConditions().getReady())) {
          continue;
        }
        String pod = endpoint.getTargetRef() == null ? null : endpoint.getTargetRef().getName();
        for (String address : endpoint.getAddresses()) {
          destinations.add(new Destination(address, port.get(), pod));
        }
      }
    }
    destinations.sort(Comparator.comparing(Destination::address));
    return destinations;
  }

  /**
   * The next ready destination of the Service port in round-robin order, or empty when none is
   * ready.
   */
  public Optional<Destination> next(String service, String portName) {
    List<Destination> destinations = ready(service, portName);
    if (destinations.isEmpty()) {
      return Optional.empty();
    }
    long turn =
        turns.computeIfAbsent(service + "/" + portName, k -> new AtomicLong()).getAndIncrement();
    return Optional.of(destinations.get((int) (turn % destinations.size())));
  }

  @Override
  public void close() {
    slices.close();
  }

  private static Optional<Integer> port(EndpointSlice slice, String portName) {
    if (slice.getPorts() == null) {
      return Optional.empty();
    }
    for (EndpointPort port : slice.getPorts()) {
      if (portName.equals(port.getName()) && port.getPort() != null) {
        return Optional.of(port.getPort());
      }
    }
    return Optional.empty();
  }
}
