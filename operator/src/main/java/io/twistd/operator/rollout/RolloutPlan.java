package io.twistd.operator.rollout;

import java.util.Optional;

/**
 * What one reconcile rolls out.
 *
 * @param target the revision the pods should run: the spec's, or the last good one while the spec's
 *     revision is marked failed
 * @param failedRevision the spec's revision when it failed and was rolled back, else null
 * @param newFailure why the spec's revision failed, when this reconcile found it failed; empty when
 *     it was known before or did not fail
 * @param rollbackImpossible why the failed revision could not be rolled back, if it could not
 */
public record RolloutPlan(
    Revision target,
    String failedRevision,
    Optional<String> newFailure,
    Optional<String> rollbackImpossible) {

  /** Whether the pods are being (or were) rolled back from a failed revision. */
  public boolean rollingBack() {
    return failedRevision != null;
  }
}
