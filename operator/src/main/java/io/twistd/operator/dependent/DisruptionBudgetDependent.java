package io.twistd.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.twistd.api.crd.TwistedApplication;

/**
 * A PodDisruptionBudget letting voluntary disruptions (node drains) take one pod at a time; exists
 * only while the application has more than one replica (see {@link #isWanted}).
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = ConfigMapDependent.SELECTOR,
            onAddFilter = OwnChildAddedFilter.class))
public class DisruptionBudgetDependent
    extends CRUDKubernetesDependentResource<PodDisruptionBudget, TwistedApplication> {

  public DisruptionBudgetDependent() {
    super(PodDisruptionBudget.class);
  }

  /** Whether {@code app} should have a PodDisruptionBudget. */
  public static boolean isWanted(TwistedApplication app) {
    Integer replicas = app.getSpec().getReplicas();
    return replicas != null && replicas > 1;
  }

  @Override
  protected PodDisruptionBudget desired(
      TwistedApplication app, Context<TwistedApplication> context) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withName(app.getMetadata().getName())
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(AppLabels.all(app))
        .endMetadata()
        .withNewSpec()
        .withMaxUnavailable(new IntOrString(1))
        .withNewSelector()
        .withMatchLabels(AppLabels.selector(app))
        .endSelector()
        .endSpec()
        .build();
  }
}
