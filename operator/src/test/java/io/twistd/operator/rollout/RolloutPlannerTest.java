package io.twistd.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.twistd.api.crd.TwistedApplication;
import io.twistd.api.crd.TwistedApplicationStatus;
import io.twistd.operator.Apps;
import io.twistd.operator.dependent.ConfigRenderer;
import io.twistd.operator.status.DeploymentProgress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The rollout decisions, from status alone, as an operator restart or a new leader makes them. */
class RolloutPlannerTest {

  private final RevisionFactory revisions = new RevisionFactory(new ConfigRenderer(), "img:1");
  private final RolloutPlanner planner = new RolloutPlanner();
  private final Revision good = revision("{v: 1}");
  private final Revision bad = revision("{v: 2}");
  private final AtomicInteger observations = new AtomicInteger();

  private Revision revision(String config) {
    TwistedApplication app =
        Apps.fromYaml(
            "shop",
            "ns",
            "services: [{name: echo, type: echo, listen: ['tcp:8000']}]\nconfig: " + config);
    return revisions.wanted(app, new SecretFingerprints(Map.of(), List.of()));
  }

  private static TwistedApplicationStatus status(String current, String lastGood, String failed) {
    TwistedApplicationStatus status = new TwistedApplicationStatus();
    status.setCurrentRevision(current);
    status.setLastGoodRevision(lastGood);
    status.setFailedRevision(failed);
    return status;
  }

  private RolloutObservation observation(Optional<String> failure) {
    observations.incrementAndGet();
    DeploymentProgress progress = new DeploymentProgress(2, 2, 1, 2, true, true, Optional.empty());
    return new RolloutObservation(progress, 1, false, failure, Optional.empty());
  }

  private Optional<Revision> snapshots(String id) {
    return id.equals(good.id()) ? Optional.of(good) : Optional.empty();
  }

  @Test
  void aHealthyRolloutGoesOn() {
    RolloutPlan plan =
        planner.plan(
            status(bad.id(), good.id(), null),
            bad,
            true,
            this::snapshots,
            () -> observation(Optional.empty()));

    assertThat(plan.target()).isEqualTo(bad);
    assertThat(plan.rollingBack()).isFalse();
  }

  @Test
  void aFailedRolloutGoesBackToTheLastGoodRevisionWithTheCause() {
    RolloutPlan plan =
        planner.plan(
            status(bad.id(), good.id(), null),
            bad,
            true,
            this::snapshots,
            () -> observation(Optional.of("pod p is waiting in CrashLoopBackOff")));

    assertThat(plan.target()).isEqualTo(good);
    assertThat(plan.failedRevision()).isEqualTo(bad.id());
    assertThat(plan.newFailure()).contains("pod p is waiting in CrashLoopBackOff");
  }

  @Test
  void aRevisionMarkedFailedIsNotTriedAgainNorObserved() {
    RolloutPlan plan =
        planner.plan(
            status(good.id(), good.id(), bad.id()),
            bad,
            true,
            this::snapshots,
            () -> observation(Optional.empty()));

    assertThat(plan.target()).isEqualTo(good);
    assertThat(plan.failedRevision()).isEqualTo(bad.id());
    assertThat(plan.newFailure()).isEmpty();
    assertThat(observations).hasValue(0);
  }

  @Test
  void aNewChangeWinsOverARollback() {
    Revision fix = revision("{v: 3}");

    RolloutPlan plan =
        planner.plan(
            status(good.id(), good.id(), bad.id()),
            fix,
            true,
            this::snapshots,
            () -> observation(Optional.empty()));

    assertThat(plan.target()).isEqualTo(fix);
    assertThat(plan.failedRevision()).isNull();
  }

  @Test
  void withoutAutoRollbackOrAnEarlierGoodRevisionNothingIsRolledBack() {
    RolloutPlan off =
        planner.plan(
            status(bad.id(), good.id(), null),
            bad,
            false,
            this::snapshots,
            () -> observation(Optional.of("broken")));
    RolloutPlan first =
        planner.plan(
            status(bad.id(), null, null),
            bad,
            true,
            this::snapshots,
            () -> observation(Optional.of("broken")));

    assertThat(off.target()).isEqualTo(bad);
    assertThat(first.target()).isEqualTo(bad);
    assertThat(off.rollingBack()).isFalse();
    assertThat(first.rollingBack()).isFalse();
  }

  @Test
  void aLastGoodRevisionWhoseSnapshotIsGoneCannotBeRolledBackAndSaysSo() {
    Revision other = revision("{v: 9}");

    RolloutPlan plan =
        planner.plan(
            status(bad.id(), other.id(), null),
            bad,
            true,
            this::snapshots,
            () -> observation(Optional.of("broken")));

    assertThat(plan.target()).isEqualTo(bad);
    assertThat(plan.rollbackImpossible())
        .contains(
            "cannot roll back to revision " + other.id() + ": its ConfigMap is gone or unreadable");
  }
}
