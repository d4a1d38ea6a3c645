package io.twistd.testenv.node;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The status a kubelet reports for a pod of the process node: phase, conditions (with the time each
 * last changed), host and pod IP, and each container's state, last state, readiness and restarts.
 *
 * <p>Used by one pod worker thread only: it remembers when each condition last changed.
 */
final class PodStatusReport {

  private final String hostIp;
  private final Instant startTime = Instant.now();
  private final Map<String, Boolean> conditionValues = new HashMap<>();
  private final Map<String, String> conditionTimes = new HashMap<>();

  PodStatusReport(String hostIp) {
    this.hostIp = hostIp;
  }

  /**
   * The status now.
   *
   * @param podIp the pod's address, null before its sandbox exists
   * @param runs the containers
   */
  PodStatus of(Pod pod, String podIp, List<ContainerRun> runs) {
    boolean sandbox = podIp != null;
    boolean allReady = !runs.isEmpty() && runs.stream().allMatch(ContainerRun::ready);
    PodStatusBuilder status =
        new PodStatusBuilder()
            .withPhase(phase(runs))
            .withHostIP(hostIp)
            .withHostIPs(new HostIP(hostIp))
            .withStartTime(time(startTime))
            .withQosClass(pod.getStatus() == null ? null : pod.getStatus().getQosClass())
            .withConditions(
                condition("PodReadyToStartContainers", sandbox),
                condition("Initialized", true),
                condition("Ready", allReady),
                condition("ContainersReady", allReady),
                condition("PodScheduled", true))
            .withContainerStatuses(runs.stream().map(run -> container(pod, run)).toList());
    if (sandbox) {
      status.withPodIP(podIp).withPodIPs(new PodIP(podIp));
    }
    return status.build();
  }

  private static String phase(List<ContainerRun> runs) {
    if (runs.stream().noneMatch(ContainerRun::everStarted)) {
      return "Pending";
    }
    if (runs.stream().allMatch(ContainerRun::finished)) {
      return runs.stream().allMatch(run -> run.lastEnded().exitCode() == 0)
          ? "Succeeded"
          : "Failed";
    }
    return "Running";
  }

  private PodCondition condition(String type, boolean value) {
    Boolean previous = conditionValues.put(type, value);
    if (previous == null || previous != value) {
      conditionTimes.put(type, time(Instant.now()));
    }
    PodConditionBuilder condition =
        new PodConditionBuilder()
            .withType(type)
            .withStatus(value ? "True" : "False")
            .withLastTransitionTime(conditionTimes.get(type));
    if (!value && (type.equals("Ready") || type.equals("ContainersReady"))) {
      condition.withReason("ContainersNotReady");
    }
    return condition.build();
  }

  private static ContainerStatus container(Pod pod, ContainerRun run) {
    ContainerStatusBuilder status =
        new ContainerStatusBuilder()
            .withName(run.name())
            .withImage(run.spec().getImage())
            .withImageID("testenv://" + run.spec().getImage())
            .withReady(run.ready())
            .withStarted(run.started())
            .withRestartCount(run.restartCount())
            .withState(state(run));
    ContainerProcess process = run.process();
    ContainerRun.Ended ended = run.lastEnded();
    if (process != null) {
      status.withContainerID("process://" + process.pid());
      if (ended != null) {
        status.withLastState(terminated(ended));
      }
    } else if (ended != null) {
      status.withContainerID("process://" + ended.pid());
      if (!run.finished()) {
        status.withLastState(terminated(ended));
      }
    }
    return status.build();
  }

  private static ContainerState state(ContainerRun run) {
    ContainerProcess process = run.process();
    if (process != null) {
      return new ContainerStateBuilder()
          .withNewRunning()
          .withStartedAt(time(process.startedAt()))
          .endRunning()
          .build();
    }
    if (run.finished()) {
      return terminated(run.lastEnded());
    }
    return new ContainerStateBuilder()
        .withNewWaiting()
        .withReason(run.waitingReason())
        .withMessage(run.waitingMessage())
        .endWaiting()
        .build();
  }

  private static ContainerState terminated(ContainerRun.Ended ended) {
    return new ContainerStateBuilder()
        .withNewTerminated()
        .withExitCode(ended.exitCode())
        .withReason(ended.reason())
        .withStartedAt(time(ended.startedAt()))
        .withFinishedAt(time(ended.finishedAt()))
        .withContainerID("process://" + ended.pid())
        .endTerminated()
        .build();
  }

  private static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
