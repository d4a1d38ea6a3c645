package io.twistd.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.twistd.api.crd.TwistedApplication;

/**
 * The one ConfigMap a HotReload application's pods mount, {@code <app>-config}, updated in place
 * with the target revision's files; the kubelet swaps the mounted files atomically and the runtime
 * reloads them live. Exists only under HotReload (see {@link HotReloadWanted}).
 */
public class StableConfigMapDependent
    extends CRUDKubernetesDependentResource<ConfigMap, TwistedApplication> {

  public StableConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(TwistedApplication app, Context<TwistedApplication> context) {
    DesiredState state = DesiredState.of(context);
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(DesiredState.stableConfigMapName(app))
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(AppLabels.all(app))
        .endMetadata()
        .withData(state.target().config().data())
        .build();
  }
}
