package io.twistd.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.api.crd.TwistedApplicationStatus;
import io.twistd.api.validation.Violation;
import io.twistd.operator.dependent.AppLabels;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Computes a TwistedApplication's status from its Deployment's progress and the outcome of
 * validation. Pure: the same inputs give the same status (except for new transition times).
 */
public final class StatusComputer {

  /** The status when the spec is valid and {@code revision} is the one the pods should run. */
  public TwistedApplicationStatus valid(
      TwistedApplication app, String revision, DeploymentProgress progress) {
    TwistedApplicationStatus previous = previous(app);
    int desired = desired(app);
    boolean complete = progress.complete(desired);
    boolean ready = progress.availableCondition() && progress.ready() >= desired;
    TwistedApplicationStatus status = counts(app, progress);
    status.setCurrentRevision(revision);
    status.setLastGoodRevision(complete ? revision : previous.getLastGoodRevision());
    Conditions conditions = new Conditions(previous.getConditions(), generation(app));
    conditions.set(
        Conditions.READY,
        ready,
        ready ? "Available" : "Unavailable",
        progress.ready() + " of " + desired + " pods ready");
    conditions.set(
        Conditions.PROGRESSING,
        !complete,
        complete ? "RolloutComplete" : "RollingOut",
        complete
            ? "revision " + revision + " runs on every pod"
            : progress.updated() + " of " + desired + " pods run revision " + revision);
    conditions.set(
        Conditions.DEGRADED,
        progress.failure().isPresent(),
        progress.failure().isPresent() ? "RolloutFailed" : "AsExpected",
        progress
            .failure()
            .map(f -> "revision " + revision + " failed: " + f)
            .orElse("no failures"));
    conditions.set(Conditions.CONFIG_VALID, true, "Valid", "the spec passed validation");
    status.setConditions(conditions.build());
    status.setPhase(
        progress.failure().isPresent() ? "Degraded" : complete && ready ? "Ready" : "Progressing");
    return status;
  }

  /**
   * The status when the spec is invalid: nothing was applied, so the running revision and its
   * counts stay; {@code ConfigValid} lists every violation.
   */
  public TwistedApplicationStatus invalid(
      TwistedApplication app, List<Violation> violations, DeploymentProgress progress) {
    TwistedApplicationStatus previous = previous(app);
    TwistedApplicationStatus status = counts(app, progress);
    status.setCurrentRevision(previous.getCurrentRevision());
    status.setLastGoodRevision(previous.getLastGoodRevision());
    Conditions conditions = new Conditions(previous.getConditions(), generation(app));
    for (String kept : List.of(Conditions.READY, Conditions.PROGRESSING, Conditions.DEGRADED)) {
      Conditions.find(previous.getConditions(), kept)
          .ifPresent(
              c ->
                  conditions.set(
                      kept, "True".equals(c.getStatus()), c.getReason(), c.getMessage()));
    }
    conditions.set(
        Conditions.CONFIG_VALID,
        false,
        "InvalidSpec",
        violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    status.setConditions(conditions.build());
    status.setPhase("Invalid");
    return status;
  }

  private static TwistedApplicationStatus counts(
      TwistedApplication app, DeploymentProgress progress) {
    TwistedApplicationStatus status = new TwistedApplicationStatus();
    status.setObservedGeneration(generation(app));
    status.setReplicas(progress.replicas());
    status.setReadyReplicas(progress.ready());
    status.setUpdatedReplicas(progress.updated());
    status.setReady(progress.ready() + "/" + desired(app));
    status.setSelector(AppLabels.selectorString(app));
    return status;
  }

  private static TwistedApplicationStatus previous(TwistedApplication app) {
    return app.getStatus() == null ? new TwistedApplicationStatus() : app.getStatus();
  }

  private static int desired(TwistedApplication app) {
    Integer replicas = app.getSpec().getReplicas();
    return replicas == null ? 1 : replicas;
  }

  private static long generation(TwistedApplication app) {
    Long generation = app.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  /** The conditions of {@code next} whose meaning differs from {@code before}'s. */
  public static List<Condition> transitions(List<Condition> before, List<Condition> next) {
    return next.stream()
        .filter(
            c ->
                Conditions.find(before, c.getType())
                    .map(old -> !Conditions.sameMeaning(old, c))
                    .orElse(true))
        .toList();
  }
}
