package io.twistd.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.twistd.api.crd.RolloutStrategy;
import io.twistd.api.crd.TwistedApplication;

/**
 * Reconcile precondition of {@link StableConfigMapDependent}: the stable ConfigMap exists only
 * under HotReload, and is deleted when the application goes back to Restart.
 */
public class HotReloadWanted implements Condition<ConfigMap, TwistedApplication> {
  @Override
  public boolean isMet(
      DependentResource<ConfigMap, TwistedApplication> dependent,
      TwistedApplication app,
      Context<TwistedApplication> context) {
    return app.getSpec().getRollout().getStrategy() == RolloutStrategy.HotReload;
  }
}
