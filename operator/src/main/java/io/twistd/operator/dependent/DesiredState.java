package io.twistd.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.twistd.api.crd.RolloutStrategy;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.operator.rollout.Revision;
import io.twistd.operator.rollout.RevisionSnapshots;

/**
 * What every dependent resource of one reconcile needs beyond the primary resource: the revision
 * the pods should run (the spec's, or the last good one during a rollback), how it reaches them,
 * and the pod template factory configured at operator start. The reconciler stores it in the
 * workflow context before invoking the workflow.
 *
 * @param target the revision the pods should run
 * @param strategy Restart (a ConfigMap per revision) or HotReload (one ConfigMap, updated in place)
 * @param templates makes the pod template
 */
public record DesiredState(
    Revision target, RolloutStrategy strategy, PodTemplateFactory templates) {

  private static final String KEY = DesiredState.class.getName();

  /** Stores this state for the current reconcile. */
  public void putInto(Context<TwistedApplication> context) {
    context.managedWorkflowAndDependentResourceContext().put(KEY, this);
  }

  /**
   * The state stored for the current reconcile.
   *
   * @throws IllegalStateException when the reconciler did not store one first
   */
  public static DesiredState of(Context<TwistedApplication> context) {
    return context
        .managedWorkflowAndDependentResourceContext()
        .get(KEY, DesiredState.class)
        .orElseThrow(() -> new IllegalStateException("no desired state in this reconcile"));
  }

  /** Whether the pods reload their config live from one stable ConfigMap. */
  public boolean hotReload() {
    return strategy == RolloutStrategy.HotReload;
  }

  /** The ConfigMap the pods mount: the stable one for HotReload, else the target's snapshot. */
  public String mountedConfigMap(TwistedApplication app) {
    return hotReload() ? stableConfigMapName(app) : RevisionSnapshots.name(app, target.id());
  }

  /** The name of the one ConfigMap a HotReload application's pods mount. */
  public static String stableConfigMapName(TwistedApplication app) {
    return app.getMetadata().getName() + "-config";
  }
}
