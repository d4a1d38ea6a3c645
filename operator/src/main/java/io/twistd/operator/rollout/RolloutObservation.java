package io.twistd.operator.rollout;

import io.twistd.operator.status.DeploymentProgress;
import java.time.Duration;
import java.util.Optional;

/**
 * How the rollout of one revision stands.
 *
 * @param progress the Deployment's own counts and conditions
 * @param updated pods that run the revision (under HotReload: that report it from {@code /status})
 * @param complete whether every desired pod runs the revision and is available, and no other pod is
 *     left
 * @param failure why the rollout failed, naming the pod or condition, if it did
 * @param recheckAfter when to look again though nothing in the cluster changes (a deadline that
 *     will pass, or pods to ask again), if ever
 */
public record RolloutObservation(
    DeploymentProgress progress,
    int updated,
    boolean complete,
    Optional<String> failure,
    Optional<Duration> recheckAfter) {}
