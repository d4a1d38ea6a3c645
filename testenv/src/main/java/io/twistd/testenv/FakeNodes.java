package io.twistd.testenv;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The Node object and Ready status that a {@link NodeAgent} registers.
 *
 * <p>Stateless and thread-safe.
 */
final class FakeNodes {

  /** Label on every Node a {@link NodeAgent} registers. */
  static final String AGENT_LABEL = "testenv.twistd.io/node-agent";

  private static final Map<String, Quantity> CAPACITY =
      Map.of(
          "cpu", new Quantity("8"),
          "memory", new Quantity("32Gi"),
          "ephemeral-storage", new Quantity("100Gi"),
          "pods", new Quantity("110"));

  private FakeNodes() {}

  /** A Linux amd64 Node named {@code name}, without status. */
  static Node node(String name) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .addToLabels("kubernetes.io/hostname", name)
        .addToLabels("kubernetes.io/os", "linux")
        .addToLabels("kubernetes.io/arch", "amd64")
        .addToLabels(AGENT_LABEL, "true")
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .build();
  }

  /** The status of a healthy, Ready node at {@code hostIp}. */
  static NodeStatus readyStatus(String name, String hostIp, Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    return new NodeStatusBuilder()
        .withCapacity(CAPACITY)
        .withAllocatable(CAPACITY)
        .withConditions(
            condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", time),
            condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "", time),
            condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "", time),
            condition("PIDPressure", "False", "KubeletHasSufficientPID", "", time))
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(hostIp)
        .endAddress()
        .addNewAddress()
        .withType("Hostname")
        .withAddress(name)
        .endAddress()
        .withNewNodeInfo()
        .withOperatingSystem("linux")
        .withArchitecture("amd64")
        .withOsImage("twistd-testenv")
        .withKernelVersion("")
        .withKubeletVersion("")
        .withKubeProxyVersion("")
        .withContainerRuntimeVersion("testenv://0")
        .withMachineID(name)
        .withSystemUUID(name)
        .withBootID(name)
        .endNodeInfo()
        .build();
  }

  private static NodeCondition condition(
      String type, String status, String reason, String message, String time) {
    return new NodeConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastHeartbeatTime(time)
        .withLastTransitionTime(time)
        .build();
  }
}
