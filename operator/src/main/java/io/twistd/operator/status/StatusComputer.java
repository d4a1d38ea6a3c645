package io.twistd.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.api.crd.TwistedApplicationStatus;
import io.twistd.api.validation.Violation;
import io.twistd.operator.dependent.AppLabels;
import io.twistd.operator.rollout.RolloutObservation;
import io.twistd.operator.rollout.RolloutPlan;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Computes a TwistedApplication's status from its Deployment's progress and the outcome of
 * validation. Pure: the same inputs give the same status (except for new transition times).
 */
public final class StatusComputer {

  /**
   * The status after a reconcile that applied {@code plan}, whose target's rollout stands as {@code
   * observed}.
   */
  public TwistedApplicationStatus valid(
      TwistedApplication app, RolloutPlan plan, RolloutObservation observed) {
    TwistedApplicationStatus previous = previous(app);
    DeploymentProgress progress = observed.progress();
    int desired = desired(app);
    String target = plan.target().id();
    boolean complete = observed.complete();
    boolean ready = progress.availableCondition() && progress.ready() >= desired;
    TwistedApplicationStatus status = counts(app, progress);
    status.setUpdatedReplicas(observed.updated());
    status.setCurrentRevision(target);
    status.setLastGoodRevision(complete ? target : previous.getLastGoodRevision());
    status.setFailedRevision(plan.failedRevision());
    Conditions conditions = new Conditions(previous.getConditions(), generation(app));
    conditions.set(
        Conditions.READY,
        ready,
        ready ? "Available" : "Unavailable",
        readyMessage(progress.ready(), desired));
    progressing(conditions, plan, observed, desired);
    Optional<String> degraded = degradedMessage(app, previous, plan, observed);
    conditions.set(
        Conditions.DEGRADED,
        degraded.isPresent(),
        degraded.isPresent() ? "RolloutFailed" : "AsExpected",
        degraded.orElse("no failures"));
    conditions.set(Conditions.CONFIG_VALID, true, "Valid", "the spec passed validation");
    status.setConditions(conditions.build());
    status.setPhase(
        degraded.isPresent() ? "Degraded" : complete && ready ? "Ready" : "Progressing");
    return status;
  }

  /**
   * "2 of 3 pods ready"; during a surge more pods than desired may be ready, which is said apart.
   */
  private static String readyMessage(int ready, int desired) {
    return ready <= desired
        ? ready + " of " + desired + " pods ready"
        : desired + " of " + desired + " pods ready (" + ready + " while old and new pods overlap)";
  }

  private static void progressing(
      Conditions conditions, RolloutPlan plan, RolloutObservation observed, int desired) {
    String target = plan.target().id();
    if (observed.complete()) {
      conditions.set(
          Conditions.PROGRESSING,
          false,
          plan.rollingBack() ? "RolledBack" : "RolloutComplete",
          plan.rollingBack()
              ? "revision "
                  + target
                  + " runs on every pod again; "
                  + plan.failedRevision()
                  + " was rolled back"
              : "revision " + target + " runs on every pod");
      return;
    }
    String counts = observed.updated() + " of " + desired + " pods run revision " + target;
    conditions.set(
        Conditions.PROGRESSING,
        true,
        plan.rollingBack() ? "RollingBack" : "RollingOut",
        plan.rollingBack() ? counts + ", rolling back from " + plan.failedRevision() : counts);
  }

  /**
   * Why the application is degraded, if it is. The message of a rollback is written once, when the
   * failure is found, and kept while the failed revision stays marked.
   */
  private static Optional<String> degradedMessage(
      TwistedApplication app,
      TwistedApplicationStatus previous,
      RolloutPlan plan,
      RolloutObservation observed) {
    String target = plan.target().id();
    if (plan.rollingBack()) {
      String failed = plan.failedRevision();
      if (plan.newFailure().isPresent()) {
        return Optional.of(
            "revision "
                + failed
                + " failed: "
                + plan.newFailure().get()
                + "; rolled back to "
                + target);
      }
      Optional<String> known =
          Conditions.find(previous.getConditions(), Conditions.DEGRADED)
              .filter(c -> failed.equals(previous.getFailedRevision()))
              .filter(c -> "RolloutFailed".equals(c.getReason()))
              .map(Condition::getMessage);
      return Optional.of(known.orElse("revision " + failed + " failed; rolled back to " + target));
    }
    if (observed.failure().isEmpty()) {
      return Optional.empty();
    }
    String why = "revision " + target + " failed: " + observed.failure().get();
    if (plan.rollbackImpossible().isPresent()) {
      return Optional.of(why + "; " + plan.rollbackImpossible().get());
    }
    if (!Boolean.TRUE.equals(app.getSpec().getRollout().getAutoRollback())) {
      return Optional.of(why + "; automatic rollback is off (spec.rollout.autoRollback)");
    }
    String lastGood = previous.getLastGoodRevision();
    if (lastGood == null || lastGood.equals(target)) {
      return Optional.of(
          why + "; no earlier revision rolled out completely, so none to roll back to");
    }
    return Optional.of(why);
  }

  /**
   * The status when the spec cannot be rolled out: nothing was applied, so the running revision and
   * its counts stay; {@code ConfigValid=False} with {@code reason} ({@code InvalidSpec}, {@code
   * SecretNotFound}) lists every violation.
   */
  public TwistedApplicationStatus invalid(
      TwistedApplication app,
      String reason,
      List<Violation> violations,
      DeploymentProgress progress) {
    TwistedApplicationStatus previous = previous(app);
    TwistedApplicationStatus status = counts(app, progress);
    status.setCurrentRevision(previous.getCurrentRevision());
    status.setLastGoodRevision(previous.getLastGoodRevision());
    status.setFailedRevision(previous.getFailedRevision());
    status.setUpdatedReplicas(previous.getUpdatedReplicas());
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
        reason,
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
