package io.twistd.testenv.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.twistd.testenv.NodeRegistration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node that really runs its pods: a kubelet and scheduler for the test control plane whose
 * containers are host processes. It binds pending pods to itself and runs each in a sandbox of its
 * own — a network namespace with its own address on the node's bridge ({@code 10.244.N.0/24}), a
 * private mount namespace where ConfigMap and Secret volumes (written and updated with the
 * kubelet's atomic-writer layout), emptyDirs and the image's files appear at their mount paths —
 * and reports Pod status with the pod IP and the readiness its probes find, so that EndpointSlices
 * list ready pods. A deleted pod's processes get their preStop hooks, SIGTERM and the grace period,
 * then SIGKILL. A container that ends is restarted with back-off ({@code CrashLoopBackOff}).
 *
 * <p>Images are host programs ({@link ContainerImages}); a pod whose image is unknown waits in
 * {@code ErrImagePull}. The node needs root on Linux ({@link #unsupportedReason()}). It leaves
 * nothing on the host after {@link #close()}, nor after its JVM ends (a shutdown hook closes it,
 * and the next node to claim the same address block removes what a killed JVM left).
 *
 * <p>Thread-safe.
 */
public final class ProcessNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessNode.class);
  private static final long RESYNC_MILLIS = 30_000;
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  /**
   * How a process node runs.
   *
   * @param nodeName the Node's name
   * @param namespace the namespace whose pods it binds and runs; null for all
   * @param images the images it can run
   * @param initialBackOff the first restart back-off of a container that ended (the kubelet's is 10
   *     s)
   */
  public record Settings(
      String nodeName, String namespace, ContainerImages images, Duration initialBackOff) {

    /** Settings with the kubelet's 10 s initial back-off. */
    public static Settings of(String nodeName, String namespace, ContainerImages images) {
      return new Settings(nodeName, namespace, images, Duration.ofSeconds(10));
    }
  }

  private final KubernetesClient client;
  private final Settings settings;
  private final PodNetwork network;
  private final Path workDir;
  private final ScheduledExecutorService scheduler;
  private final PodBinder binder;
  private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
  private final Map<String, Thread> threads = new ConcurrentHashMap<>();
  private final Set<String> finished = ConcurrentHashMap.newKeySet();
  private final List<Long> pids = new CopyOnWriteArrayList<>();
  private final Thread shutdownHook = new Thread(this::close, "process-node-shutdown");
  private volatile NodeRegistration registration;
  private volatile SharedIndexInformer<Pod> pods;
  private volatile InformerObjects objects;
  private volatile PodWorkerContext context;
  private boolean closed;

  private ProcessNode(
      KubernetesClient client, Settings settings, PodNetwork network, Path workDir) {
    this.client = client;
    this.settings = settings;
    this.network = network;
    this.workDir = workDir;
    this.binder = new PodBinder(client, settings.nodeName());
    this.scheduler =
        Executors.newScheduledThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "process-node-" + settings.nodeName());
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Why a process node cannot run on this host, or empty when it can. */
  public static Optional<String> unsupportedReason() {
    return HostSupport.problem();
  }

  /**
   * Registers the Node, opens its pod network and starts running pods.
   *
   * @throws IllegalStateException when this host cannot run a process node (see {@link
   *     #unsupportedReason()}) or the network cannot be made
   */
  public static ProcessNode start(KubernetesClient client, Settings settings) {
    unsupportedReason()
        .ifPresent(
            reason -> {
              throw new IllegalStateException(reason);
            });
    PodNetwork network = PodNetwork.open();
    Path workDir;
    try {
      workDir = Files.createTempDirectory("twistd-process-node-");
    } catch (IOException e) {
      network.close();
      throw new UncheckedIOException("cannot create the node's work directory", e);
    }
    ProcessNode node = new ProcessNode(client, settings, network, workDir);
    try {
      node.boot();
      return node;
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  private void boot() {
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    ProbeCheck probes = new ProbeCheck(http, scheduler);
    String namespace = settings.namespace();
    objects =
        InformerObjects.start(
            client, namespace, () -> workers.values().forEach(PodWorker::objectsChanged));
    context =
        new PodWorkerContext(
            client,
            workDir,
            network,
            network.hostAddress(),
            objects,
            new ContainerStarter(settings.images(), objects, network.hostAddress()),
            probes,
            new LifecycleHooks(probes, scheduler),
            settings.initialBackOff(),
            this::workerFinished);
    registration = NodeRegistration.register(client, settings.nodeName(), network.hostAddress());
    scheduler.scheduleWithFixedDelay(
        registration::renewLease,
        NodeRegistration.RENEW_SECONDS,
        NodeRegistration.RENEW_SECONDS,
        TimeUnit.SECONDS);
    pods =
        (namespace == null ? client.pods().inAnyNamespace() : client.pods().inNamespace(namespace))
            .inform(new PodEvents(), RESYNC_MILLIS);
    LOG.info(
        "process node {} runs the pods of {} at {}",
        settings.nodeName(),
        namespace == null ? "every namespace" : "namespace " + namespace,
        network.hostAddress());
  }

  /** The Node's name. */
  public String nodeName() {
    return settings.nodeName();
  }

  /** The node's address on the pod network (every pod's default gateway). */
  public String hostAddress() {
    return network.hostAddress();
  }

  /** Host process ids of every container this node has started, running or ended. */
  public List<Long> containerPids() {
    return List.copyOf(pids);
  }

  /** Host process ids of the containers that run now. */
  public List<Long> runningContainerPids() {
    return pids.stream()
        .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .toList();
  }

  /**
   * What this node has on the host now besides its bridge, read from the host: pod network
   * namespaces and veths, running container processes and pod directories, as {@code kind name}.
   * Empty when no pod runs; after {@link #close()} the bridge is gone too.
   */
  public List<String> hostFootprint() {
    List<String> found = new ArrayList<>();
    for (String entry : network.hostFootprint()) {
      if (!entry.equals("link " + network.bridge()) || closedNow()) {
        found.add(entry);
      }
    }
    runningContainerPids().forEach(pid -> found.add("process " + pid));
    if (Files.isDirectory(workDir)) {
      try (Stream<Path> entries = Files.list(workDir)) {
        entries.forEach(dir -> found.add("pod directory " + dir));
      } catch (IOException e) {
        found.add("unreadable " + workDir);
      }
    }
    return found;
  }

  private synchronized boolean closedNow() {
    return closed;
  }

  /**
   * Stops every container (SIGTERM, then SIGKILL after ten seconds), removes the pod network and
   * files and deletes the Node. Pods stay in the API. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (pods != null) {
      pods.close();
    }
    if (objects != null) {
      objects.close();
    }
    workers.values().forEach(worker -> worker.stop(STOP_GRACE));
    for (Thread thread : threads.values()) {
      try {
        thread.join(STOP_GRACE.plusSeconds(10).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    try {
      network.close();
      if (registration != null) {
        registration.deregister();
      }
    } finally {
      // whatever failed above, no file of the node stays
      scheduler.shutdownNow();
      FileTrees.delete(workDir);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down, and this may be the hook itself
    }
    LOG.info("process node {} closed", settings.nodeName());
  }

  private void dispatch(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (PodBinder.wantsBinding(pod)) {
      scheduler.execute(() -> binder.bind(pod));
      return;
    }
    if (!settings.nodeName().equals(pod.getSpec().getNodeName())
        || finished.contains(uid)
        || closedNow()) {
      return;
    }
    workers.computeIfAbsent(uid, ignored -> startWorker(pod)).podChanged(pod);
  }

  private PodWorker startWorker(Pod pod) {
    PodWorker worker = new PodWorker(context, pod, pids::add);
    Thread thread =
        new Thread(
            worker, "pod-" + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
    thread.setDaemon(true);
    threads.put(pod.getMetadata().getUid(), thread);
    thread.start();
    return worker;
  }

  private void workerFinished(String uid) {
    finished.add(uid);
    workers.remove(uid);
    threads.remove(uid);
  }

  /** Pod informer events, turned into worker events; never blocks. */
  private final class PodEvents implements ResourceEventHandler<Pod> {
    @Override
    public void onAdd(Pod pod) {
      dispatch(pod);
    }

    @Override
    public void onUpdate(Pod oldPod, Pod newPod) {
      dispatch(newPod);
    }

    @Override
    public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
      PodWorker worker = workers.get(pod.getMetadata().getUid());
      if (worker != null) {
        worker.podGone();
      }
    }
  }
}
