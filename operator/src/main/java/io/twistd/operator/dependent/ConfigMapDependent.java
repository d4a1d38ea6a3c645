package io.twistd.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.twistd.api.crd.TwistedApplication;

/**
 * The ConfigMap of the current revision: {@code app.yaml} and the extra files, immutable, named
 * after its content hash, so that a new revision is a new ConfigMap and the old one stays for
 * rollback.
 */
@KubernetesDependent(informer = @Informer(labelSelector = ConfigMapDependent.SELECTOR))
public class ConfigMapDependent
    extends CRUDKubernetesDependentResource<ConfigMap, TwistedApplication> {

  /** Only the operator's own objects are cached. */
  public static final String SELECTOR = "app.kubernetes.io/managed-by=" + AppLabels.MANAGER;

  /** The label naming the revision a ConfigMap holds. */
  public static final String REVISION_LABEL = "twistd.io/revision";

  public ConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(TwistedApplication app, Context<TwistedApplication> context) {
    RenderedConfig rendered = DesiredState.of(context).rendered();
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(DesiredState.configMapName(app, rendered.revision()))
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(AppLabels.all(app))
        .addToLabels(REVISION_LABEL, rendered.revision())
        .endMetadata()
        .withImmutable(true)
        .withData(rendered.data())
        .build();
  }
}
