package io.twistd.operator.dependent;

import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.twistd.api.crd.TwistedApplication;

/** Reconcile precondition of {@link DisruptionBudgetDependent}: only with more than one replica. */
public class BudgetWanted implements Condition<PodDisruptionBudget, TwistedApplication> {
  @Override
  public boolean isMet(
      DependentResource<PodDisruptionBudget, TwistedApplication> dependent,
      TwistedApplication app,
      Context<TwistedApplication> context) {
    return DisruptionBudgetDependent.isWanted(app);
  }
}
