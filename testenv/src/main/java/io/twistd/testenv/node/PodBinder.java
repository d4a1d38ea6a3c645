package io.twistd.testenv.node;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's part of a process node: binds a pending pod meant for the default scheduler to
 * the node, as a one-node cluster's scheduler would.
 *
 * <p>Thread-safe.
 */
final class PodBinder {

  private static final Logger LOG = LoggerFactory.getLogger(PodBinder.class);
  private static final String DEFAULT_SCHEDULER = "default-scheduler";

  private final KubernetesClient client;
  private final String nodeName;

  PodBinder(KubernetesClient client, String nodeName) {
    this.client = client;
    this.nodeName = nodeName;
  }

  /** Whether {@code pod} waits for a scheduler and is for the default one. */
  static boolean wantsBinding(Pod pod) {
    String boundTo = pod.getSpec().getNodeName();
    String scheduler = pod.getSpec().getSchedulerName();
    return (boundTo == null || boundTo.isEmpty())
        && pod.getMetadata().getDeletionTimestamp() == null
        && (scheduler == null || scheduler.equals(DEFAULT_SCHEDULER));
  }

  /** Binds {@code pod} to the node; a pod bound or deleted meanwhile is left alone. */
  void bind(Pod pod) {
    try {
      client
          .bindings()
          .inNamespace(pod.getMetadata().getNamespace())
          .resource(
              new BindingBuilder()
                  .withNewMetadata()
                  .withName(pod.getMetadata().getName())
                  .endMetadata()
                  .withNewTarget()
                  .withApiVersion("v1")
                  .withKind("Node")
                  .withName(nodeName)
                  .endTarget()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      // bound already (a stale event), or deleted: the informer tells what happened
      LOG.debug("cannot bind pod {}: {}", pod.getMetadata().getName(), e.getMessage());
    }
  }
}
