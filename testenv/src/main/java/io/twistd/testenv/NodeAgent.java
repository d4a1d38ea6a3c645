package io.twistd.testenv;

import static java.net.HttpURLConnection.HTTP_CONFLICT;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays kubelet and scheduler for one fake Node: registers the Node as Ready and keeps its Lease
 * fresh, binds pending Pods to it, and reports each bound Pod's status as its {@link PodPolicy}
 * says (Running and Ready, never Ready, or in CrashLoopBackOff). Pods being deleted are removed at
 * once, as a kubelet does after their containers stop. No container ever runs, but each running Pod
 * gets its own IP ({@code 198.18.x.y}) in its status, so EndpointSlices list the ready ones.
 *
 * <p>An agent watches one namespace (or all, for {@code null}), so tests that share a control plane
 * keep their agents apart. All API calls happen on the agent's own thread; its methods are
 * thread-safe. {@link #close()} deletes the Node.
 */
public final class NodeAgent implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NodeAgent.class);
  private static final long RESYNC_MILLIS = 5_000;
  private static final long RETRY_MILLIS = 200;
  private static final String HOST_IP = "127.0.0.1";

  private final KubernetesClient client;
  private final String nodeName;
  private final PodPolicy policy;
  private final ScheduledExecutorService worker;
  private volatile SharedIndexInformer<Pod> pods;
  private volatile NodeRegistration registration;

  private NodeAgent(KubernetesClient client, String nodeName, PodPolicy policy) {
    this.client = client;
    this.nodeName = nodeName;
    this.policy = policy;
    this.worker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "node-agent-" + nodeName);
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Registers a Ready Node named {@code nodeName} and starts serving the Pods of {@code namespace}.
   *
   * @param client a client allowed to write Nodes, Leases, Pod bindings and Pod status (the admin)
   * @param namespace the namespace whose Pods this agent binds and runs; null for all namespaces
   * @param policy chooses each Pod's behaviour
   */
  public static NodeAgent start(
      KubernetesClient client, String nodeName, String namespace, PodPolicy policy) {
    NodeAgent agent = new NodeAgent(client, nodeName, policy);
    agent.registration = NodeRegistration.register(client, nodeName, HOST_IP);
    agent.worker.scheduleWithFixedDelay(
        agent.registration::renewLease,
        NodeRegistration.RENEW_SECONDS,
        NodeRegistration.RENEW_SECONDS,
        TimeUnit.SECONDS);
    agent.pods =
        (namespace == null ? client.pods().inAnyNamespace() : client.pods().inNamespace(namespace))
            .runnableInformer(RESYNC_MILLIS);
    // handlers read the field above, so it is set before the first event
    agent.pods.addEventHandler(agent.new PodEvents());
    agent.pods.start().toCompletableFuture().join();
    return agent;
  }

  /** The name of this agent's Node. */
  public String nodeName() {
    return nodeName;
  }

  /** Asks the policy again about every Pod now, e.g. after the test changed what it returns. */
  public void refresh() {
    pods.getStore().listKeys().forEach(this::enqueue);
  }

  /** Stops serving Pods and deletes the Node and its Lease. Idempotent. */
  @Override
  public void close() {
    if (worker.isShutdown()) {
      return;
    }
    if (pods != null) {
      pods.close();
    }
    worker.shutdownNow();
    registration.deregister();
  }

  private void enqueue(String key) {
    if (!worker.isShutdown()) {
      worker.execute(() -> reconcile(key));
    }
  }

  private void reconcile(String key) {
    Pod pod = pods.getStore().getByKey(key);
    if (pod == null) {
      return;
    }
    try {
      reconcile(pod);
    } catch (KubernetesClientException e) {
      LOG.debug("node {}: pod {}: {}", nodeName, key, e.getMessage());
      if (e.getCode() == HTTP_CONFLICT && !worker.isShutdown()) {
        // a stale cache: the informer catches up within moments
        worker.schedule(() -> reconcile(key), RETRY_MILLIS, TimeUnit.MILLISECONDS);
      }
      // anything else is tried again on the next event or resync
    }
  }

  private void reconcile(Pod pod) {
    String namespace = pod.getMetadata().getNamespace();
    String name = pod.getMetadata().getName();
    String boundTo = pod.getSpec().getNodeName();
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      if (nodeName.equals(boundTo)) {
        client.pods().inNamespace(namespace).withName(name).withGracePeriod(0).delete();
      }
      return;
    }
    PodBehaviour behaviour = policy.behaviourOf(pod);
    if (boundTo == null || boundTo.isEmpty()) {
      if (behaviour != PodBehaviour.UNSCHEDULABLE) {
        bind(namespace, name);
      }
      return;
    }
    if (!nodeName.equals(boundTo)
        || behaviour == PodBehaviour.UNSCHEDULABLE
        || PodStatuses.shows(pod, behaviour)) {
      return;
    }
    Pod updated = new Pod();
    updated.setMetadata(pod.getMetadata());
    updated.setSpec(pod.getSpec());
    updated.setStatus(PodStatuses.of(pod, behaviour, HOST_IP, Instant.now()));
    client.pods().inNamespace(namespace).resource(updated).updateStatus();
    LOG.debug("node {}: pod {}/{} is {}", nodeName, namespace, name, behaviour);
  }

  private void bind(String namespace, String podName) {
    client
        .bindings()
        .inNamespace(namespace)
        .resource(
            new BindingBuilder()
                .withNewMetadata()
                .withName(podName)
                .endMetadata()
                .withNewTarget()
                .withApiVersion("v1")
                .withKind("Node")
                .withName(nodeName)
                .endTarget()
                .build())
        .create();
  }

  /** Turns informer events into work on the agent's thread. */
  private final class PodEvents implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      enqueue(key(pod));
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
      enqueue(key(newPod));
    }

    @Override
    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
      // nothing runs, so nothing to clean up
    }

    private String key(Pod pod) {
      return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
  }
}
