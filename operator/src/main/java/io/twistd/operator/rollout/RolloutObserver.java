package io.twistd.operator.rollout;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.operator.dependent.DesiredState;
import io.twistd.operator.dependent.PodTemplateFactory;
import io.twistd.operator.status.DeploymentProgress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges the rollout of a target revision from the Deployment, the pods and (under HotReload) what
 * the pods' runtimes report. A rollout has failed when the Deployment reports {@code
 * ProgressDeadlineExceeded} or {@code ReplicaFailure}, when a pod of the revision waits in {@code
 * CrashLoopBackOff} or cannot get its image, when one stays unready past {@code
 * rollout.progressDeadlineSeconds}, or when a pod refuses to reload the revision.
 *
 * <p>Stateless apart from its probe; thread-safe when the probe is.
 */
public final class RolloutObserver {

  /** Waiting reasons that will not go away by waiting longer. */
  private static final Set<String> STUCK =
      Set.of(
          "CrashLoopBackOff",
          "ImagePullBackOff",
          "ErrImagePull",
          "InvalidImageName",
          "CreateContainerConfigError",
          "CreateContainerError");

  private static final Duration HOT_RELOAD_RECHECK = Duration.ofSeconds(2);
  private static final Duration MIN_RECHECK = Duration.ofSeconds(1);

  private final PodStatusProbe probe;

  /**
   * @param probe reads the revision each pod's runtime runs (used under HotReload only)
   */
  public RolloutObserver(PodStatusProbe probe) {
    this.probe = probe;
  }

  /**
   * How the rollout of {@code state}'s target stands.
   *
   * @param deployment the application's Deployment, if it exists
   * @param pods the application's pods
   * @param targetSince when the target revision was first applied: reload errors from before are
   *     about an earlier revision
   * @param now the current time, for deadlines
   */
  public RolloutObservation observe(
      TwistedApplication app,
      DesiredState state,
      Optional<Deployment> deployment,
      Collection<Pod> pods,
      Instant targetSince,
      Instant now) {
    int desired = app.getSpec().getReplicas() == null ? 1 : app.getSpec().getReplicas();
    int deadline = app.getSpec().getRollout().getProgressDeadlineSeconds();
    Map<String, String> marker = PodTemplateFactory.marker(state);
    boolean runsTarget = deployment.map(d -> carries(templateAnnotations(d), marker)).orElse(false);
    DeploymentProgress progress = DeploymentProgress.of(deployment);
    List<Pod> targetPods =
        pods.stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .filter(p -> carries(p.getMetadata().getAnnotations(), marker))
            .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
            .toList();
    List<String> failures = new ArrayList<>();
    if (runsTarget && progress.observed()) {
      progress.failure().ifPresent(failures::add);
    }
    targetPods.forEach(pod -> stuck(pod).ifPresent(failures::add));
    targetPods.forEach(pod -> late(pod, deadline, now).ifPresent(failures::add));
    boolean complete = runsTarget && progress.complete(desired);
    int updated = runsTarget ? progress.updated() : 0;
    Optional<Duration> recheck = nextDeadline(targetPods, deadline, now);
    if (state.hotReload()) {
      Map<String, PodReport> reports = probe.read(targetPods.stream().filter(this::ready).toList());
      int onTarget = 0;
      for (Map.Entry<String, PodReport> report : reports.entrySet()) {
        PodReport r = report.getValue();
        if (state.target().id().equals(r.revision())) {
          onTarget++;
        } else {
          r.reloadErrorSince(targetSince)
              .ifPresent(e -> failures.add("pod " + report.getKey() + " could not reload: " + e));
        }
      }
      updated = Math.min(updated, onTarget);
      complete = complete && onTarget >= desired;
      if (!complete) {
        recheck = Optional.of(HOT_RELOAD_RECHECK);
      }
    }
    Optional<String> failure = failures.stream().findFirst();
    return new RolloutObservation(
        progress,
        updated,
        complete,
        failure,
        complete || failure.isPresent() ? Optional.empty() : recheck);
  }

  private static Map<String, String> templateAnnotations(Deployment deployment) {
    var template = deployment.getSpec().getTemplate();
    return template == null || template.getMetadata() == null
        ? Map.of()
        : template.getMetadata().getAnnotations();
  }

  private static boolean carries(Map<String, String> annotations, Map<String, String> marker) {
    return annotations != null && annotations.entrySet().containsAll(marker.entrySet());
  }

  private static Optional<String> stuck(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    for (ContainerStatus container : pod.getStatus().getContainerStatuses()) {
      var waiting = container.getState() == null ? null : container.getState().getWaiting();
      if (waiting != null && STUCK.contains(waiting.getReason())) {
        String message = waiting.getMessage() == null ? "" : ": " + waiting.getMessage();
        return Optional.of(
            "pod "
                + pod.getMetadata().getName()
                + ": container "
                + container.getName()
                + " is waiting in "
                + waiting.getReason()
                + message);
      }
    }
    return Optional.empty();
  }

  private Optional<String> late(Pod pod, int deadlineSeconds, Instant now) {
    if (ready(pod)) {
      return Optional.empty();
    }
    Duration age = Duration.between(created(pod), now);
    if (age.getSeconds() < deadlineSeconds) {
      return Optional.empty();
    }
    // no age in the message: it must read the same on every reconcile
    return Optional.of(
        "pod "
            + pod.getMetadata().getName()
            + " did not become ready within rollout.progressDeadlineSeconds ("
            + deadlineSeconds
            + "s)");
  }

  private Optional<Duration> nextDeadline(List<Pod> pods, int deadlineSeconds, Instant now) {
    return pods.stream()
        .filter(pod -> !ready(pod))
        .map(pod -> Duration.between(now, created(pod).plusSeconds(deadlineSeconds)))
        .map(left -> left.compareTo(MIN_RECHECK) < 0 ? MIN_RECHECK : left)
        .min(Comparator.naturalOrder());
  }

  private static Instant created(Pod pod) {
    String created = pod.getMetadata().getCreationTimestamp();
    return created == null ? Instant.EPOCH : Instant.parse(created);
  }

  private boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
