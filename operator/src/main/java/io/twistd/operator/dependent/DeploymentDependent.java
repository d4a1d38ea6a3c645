package io.twistd.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.twistd.api.crd.RolloutSpec;
import io.twistd.api.crd.TwistedApplication;

/**
 * The Deployment running the runtime. A new config revision changes the pod template (ConfigMap
 * name and revision annotation), which rolls the pods without lowering availability.
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = ConfigMapDependent.SELECTOR,
            onAddFilter = OwnChildAddedFilter.class))
public class DeploymentDependent
    extends CRUDKubernetesDependentResource<Deployment, TwistedApplication> {

  public DeploymentDependent() {
    super(Deployment.class);
  }

  @Override
  protected Deployment desired(TwistedApplication app, Context<TwistedApplication> context) {
    DesiredState state = DesiredState.of(context);
    RolloutSpec rollout = app.getSpec().getRollout();
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(app.getMetadata().getName())
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(AppLabels.all(app))
        .endMetadata()
        .withNewSpec()
        .withReplicas(app.getSpec().getReplicas())
        .withNewSelector()
        .withMatchLabels(AppLabels.selector(app))
        .endSelector()
        .withProgressDeadlineSeconds(rollout.getProgressDeadlineSeconds())
        .withRevisionHistoryLimit(rollout.getRevisionHistoryLimit())
        .withNewStrategy()
        .withType("RollingUpdate")
        .withNewRollingUpdate()
        .withMaxUnavailable(orDefault(rollout.getMaxUnavailable(), new IntOrString(0)))
        .withMaxSurge(orDefault(rollout.getMaxSurge(), new IntOrString("25%")))
        .endRollingUpdate()
        .endStrategy()
        .withTemplate(state.templates().template(app, state))
        .endSpec()
        .build();
  }

  private static IntOrString orDefault(IntOrString value, IntOrString fallback) {
    return value == null ? fallback : value;
  }
}
