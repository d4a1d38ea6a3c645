package io.twistd.operator.rollout;

import io.twistd.api.crd.TwistedApplicationStatus;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Decides which revision the pods should run. The spec's revision, unless it was rolled out, failed
 * and automatic rollback is on: then the last good revision, until the spec changes to another
 * revision (which then wins, even in the middle of a rollback).
 *
 * <p>Everything it decides from is in the application's status and the revision snapshots, so an
 * operator restart or a new leader decides the same. Stateless and thread-safe.
 */
public final class RolloutPlanner {

  /**
   * Plans one reconcile.
   *
   * @param previous the status as last written
   * @param wanted the revision the spec asks for
   * @param autoRollback {@code spec.rollout.autoRollback}
   * @param snapshot reads a revision back from its snapshot ConfigMap, by id
   * @param observeWanted how the rollout of {@code wanted} stands now (a revision not applied yet
   *     has no pods and so no failure); asked only when {@code wanted} could be rolled back
   */
  public RolloutPlan plan(
      TwistedApplicationStatus previous,
      Revision wanted,
      boolean autoRollback,
      Function<String, Optional<Revision>> snapshot,
      Supplier<RolloutObservation> observeWanted) {
    String lastGood = previous.getLastGoodRevision();
    if (!canRollBack(previous, wanted, autoRollback)) {
      return new RolloutPlan(wanted, null, Optional.empty(), Optional.empty());
    }
    if (wanted.id().equals(previous.getFailedRevision())) {
      return rollBack(wanted, lastGood, snapshot, Optional.empty());
    }
    Optional<String> failure = observeWanted.get().failure();
    if (failure.isEmpty()) {
      return new RolloutPlan(wanted, null, Optional.empty(), Optional.empty());
    }
    return rollBack(wanted, lastGood, snapshot, failure);
  }

  /**
   * Whether a failure of {@code wanted} would be rolled back: automatic rollback is on and an
   * earlier revision rolled out completely.
   */
  public boolean canRollBack(
      TwistedApplicationStatus previous, Revision wanted, boolean autoRollback) {
    String lastGood = previous.getLastGoodRevision();
    return autoRollback && lastGood != null && !lastGood.equals(wanted.id());
  }

  private static RolloutPlan rollBack(
      Revision wanted,
      String lastGood,
      Function<String, Optional<Revision>> snapshot,
      Optional<String> failure) {
    Optional<Revision> good = snapshot.apply(lastGood);
    if (good.isEmpty()) {
      return new RolloutPlan(
          wanted,
          null,
          Optional.empty(),
          Optional.of(
              "cannot roll back to revision "
                  + lastGood
                  + ": its ConfigMap is gone or unreadable"));
    }
    return new RolloutPlan(good.get(), wanted.id(), failure, Optional.empty());
  }
}
