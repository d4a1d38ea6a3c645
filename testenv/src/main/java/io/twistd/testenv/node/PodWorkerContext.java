package io.twistd.testenv.node;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What every pod worker of a process node shares.
 *
 * @param client the node's client, allowed to write Pod status and delete Pods
 * @param workDir where pod directories go
 * @param network the node's pod network
 * @param hostIp the node's address
 * @param objects the ConfigMaps and Secrets pods refer to
 * @param starter starts containers
 * @param probes runs probes
 * @param hooks runs preStop hooks
 * @param initialBackOff the first restart back-off
 * @param onFinished told a pod's UID when its worker ends
 */
record PodWorkerContext(
    KubernetesClient client,
    Path workDir,
    PodNetwork network,
    String hostIp,
    ObjectSource objects,
    ContainerStarter starter,
    ProbeCheck probes,
    LifecycleHooks hooks,
    Duration initialBackOff,
    Consumer<String> onFinished) {

  /** Tells the node that the worker of the pod with {@code uid} has ended. */
  void finished(String uid) {
    onFinished.accept(uid);
  }
}
