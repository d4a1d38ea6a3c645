package io.twistd.testenv;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Node object that a test node (a {@link NodeAgent} or a process node) keeps alive, as a kubelet
 * does: registered Ready with a host address, and a Lease in {@code kube-node-lease} that {@link
 * #renewLease()} keeps fresh, so the node lifecycle controller never marks it NotReady.
 *
 * <p>Thread-safe; the owner calls {@link #renewLease()} every {@link #RENEW_SECONDS} seconds.
 */
public final class NodeRegistration {

  /** How often the owner should call {@link #renewLease()}. */
  public static final long RENEW_SECONDS = 10;

  private static final Logger LOG = LoggerFactory.getLogger(NodeRegistration.class);
  private static final String LEASE_NAMESPACE = "kube-node-lease";
  private static final int LEASE_SECONDS = 40;

  private final KubernetesClient client;
  private final String nodeName;

  private NodeRegistration(KubernetesClient client, String nodeName) {
    this.client = client;
    this.nodeName = nodeName;
  }

  /**
   * Creates the Node {@code nodeName}, Ready at {@code hostIp}, and its Lease.
   *
   * @throws KubernetesClientException when the Node exists already or cannot be written
   */
  public static NodeRegistration register(KubernetesClient client, String nodeName, String hostIp) {
    Node node = client.nodes().resource(FakeNodes.node(nodeName)).create();
    Node status = FakeNodes.node(nodeName);
    status.setStatus(FakeNodes.readyStatus(nodeName, hostIp, Instant.now()));
    // a merge patch without resourceVersion: controllers may have touched the Node already
    client.nodes().resource(status).patchStatus();
    Lease lease =
        new LeaseBuilder()
            .withNewMetadata()
            .withName(nodeName)
            .withNamespace(LEASE_NAMESPACE)
            .addNewOwnerReference()
            .withApiVersion("v1")
            .withKind("Node")
            .withName(nodeName)
            .withUid(node.getMetadata().getUid())
            .endOwnerReference()
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity(nodeName)
            .withLeaseDurationSeconds(LEASE_SECONDS)
            .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC))
            .endSpec()
            .build();
    client.leases().inNamespace(LEASE_NAMESPACE).resource(lease).create();
    LOG.info("node {} registered", nodeName);
    return new NodeRegistration(client, nodeName);
  }

  /** The Node's name. */
  public String nodeName() {
    return nodeName;
  }

  /** Moves the Lease's renew time to now; logs, never throws, when the API server refuses. */
  public void renewLease() {
    try {
      client
          .leases()
          .inNamespace(LEASE_NAMESPACE)
          .withName(nodeName)
          .edit(
              lease ->
                  new LeaseBuilder(lease)
                      .editSpec()
                      .withRenewTime(ZonedDateTime.now(ZoneOffset.UTC))
                      .endSpec()
                      .build());
    } catch (KubernetesClientException e) {
      LOG.warn("node {}: cannot renew lease: {}", nodeName, e.getMessage());
    }
  }

  /**
   * Deletes the Node and its Lease; logs, never throws, when the API server refuses or the client
   * is closed already (at JVM exit, shutdown hooks run in any order).
   */
  public void deregister() {
    try {
      client.nodes().withName(nodeName).delete();
      client.leases().inNamespace(LEASE_NAMESPACE).withName(nodeName).delete();
    } catch (KubernetesClientException | IllegalStateException e) {
      LOG.warn("cannot delete node {}: {}", nodeName, e.getMessage());
    }
  }
}
