package io.twistd.operator.dependent;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.twistd.api.crd.TwistedApplication;

/**
 * What every dependent resource of one reconcile needs beyond the primary resource: the revision
 * rendered once for it, and the pod template factory configured at operator start. The reconciler
 * stores it in the workflow context before invoking the workflow.
 *
 * @param rendered the config revision the pods should run
 * @param templates makes the pod template
 */
public record DesiredState(RenderedConfig rendered, PodTemplateFactory templates) {

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

  /** The name of the ConfigMap that holds {@code revision} of {@code app}. */
  public static String configMapName(TwistedApplication app, String revision) {
    return app.getMetadata().getName() + "-config-" + revision;
  }
}
