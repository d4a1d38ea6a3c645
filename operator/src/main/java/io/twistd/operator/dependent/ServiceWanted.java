package io.twistd.operator.dependent;

import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;
import io.twistd.api.crd.TwistedApplication;

/** Reconcile precondition of {@link ServiceDependent}: a Service is deleted when not wanted. */
public class ServiceWanted implements Condition<Service, TwistedApplication> {
  @Override
  public boolean isMet(
      DependentResource<Service, TwistedApplication> dependent,
      TwistedApplication app,
      Context<TwistedApplication> context) {
    return ServiceDependent.isWanted(app, DesiredState.of(context));
  }
}
