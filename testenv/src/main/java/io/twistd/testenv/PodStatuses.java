package io.twistd.testenv;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * The Pod statuses a kubelet would report for each {@link PodBehaviour}.
 *
 * <p>Stateless and thread-safe.
 */
final class PodStatuses {

  static final String CRASH_LOOP_BACK_OFF = "CrashLoopBackOff";
  private static final String RUNNING = "Running";
  private static final int CRASH_RESTARTS = 3;

  private PodStatuses() {}

  /** Whether {@code pod}'s status already shows {@code behaviour}, so nothing needs writing. */
  static boolean shows(Pod pod, PodBehaviour behaviour) {
    PodStatus status = pod.getStatus();
    if (status == null || !RUNNING.equals(status.getPhase())) {
      return false;
    }
    List<ContainerStatus> containers = status.getContainerStatuses();
    if (containers == null || containers.size() != pod.getSpec().getContainers().size()) {
      return false;
    }
    boolean ready = behaviour == PodBehaviour.READY;
    boolean crashing = behaviour == PodBehaviour.CRASH_LOOP_BACK_OFF;
    return containers.stream()
        .allMatch(
            c ->
                Objects.equals(c.getReady(), ready)
                    && c.getState() != null
                    && crashing == (c.getState().getWaiting() != null));
  }

  /**
   * The status of {@code pod} running on {@code hostIp} with {@code behaviour}. A Pod that has no
   * IP yet gets a fresh one from {@link PodAddresses}; one that has an IP keeps it.
   */
  static PodStatus of(Pod pod, PodBehaviour behaviour, String hostIp, Instant now) {
    String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
    boolean ready = behaviour == PodBehaviour.READY;
    PodStatus current = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
    String startTime = current.getStartTime() == null ? time : current.getStartTime();
    String podIp = current.getPodIP() == null ? PodAddresses.next() : current.getPodIP();
    return new PodStatusBuilder(current)
        .withPhase(RUNNING)
        .withHostIP(hostIp)
        .withPodIP(podIp)
        .withPodIPs(new PodIP(podIp))
        .withStartTime(startTime)
        .withConditions(
            condition("PodReadyToStartContainers", true, time),
            condition("Initialized", true, time),
            condition("Ready", ready, time),
            condition("ContainersReady", ready, time),
            condition("PodScheduled", true, time))
        .withContainerStatuses(
            pod.getSpec().getContainers().stream()
                .map(container -> container(pod, container, behaviour, startTime, time))
                .toList())
        .build();
  }

  private static PodCondition condition(String type, boolean status, String time) {
    PodConditionBuilder condition =
        new PodConditionBuilder()
            .withType(type)
            .withStatus(status ? "True" : "False")
            .withLastTransitionTime(time);
    if (!status) {
      condition.withReason("ContainersNotReady");
    }
    return condition.build();
  }

  private static ContainerStatus container(
      Pod pod, Container container, PodBehaviour behaviour, String startTime, String time) {
    ContainerStatusBuilder status =
        new ContainerStatusBuilder()
            .withName(container.getName())
            .withImage(container.getImage())
            .withImageID("")
            .withContainerID("testenv://" + pod.getMetadata().getUid() + "/" + container.getName());
    if (behaviour == PodBehaviour.CRASH_LOOP_BACK_OFF) {
      return status
          .withReady(false)
          .withStarted(false)
          .withRestartCount(CRASH_RESTARTS)
          .withNewState()
          .withNewWaiting()
          .withReason(CRASH_LOOP_BACK_OFF)
          .withMessage(
              "back-off 40s restarting failed container="
                  + container.getName()
                  + " pod="
                  + pod.getMetadata().getName())
          .endWaiting()
          .endState()
          .withNewLastState()
          .withNewTerminated()
          .withExitCode(1)
          .withReason("Error")
          .withStartedAt(time)
          .withFinishedAt(time)
          .endTerminated()
          .endLastState()
          .build();
    }
    return status
        .withReady(behaviour == PodBehaviour.READY)
        .withStarted(true)
        .withRestartCount(0)
        .withNewState()
        .withNewRunning()
        .withStartedAt(startTime)
        .endRunning()
        .endState()
        .build();
  }
}
