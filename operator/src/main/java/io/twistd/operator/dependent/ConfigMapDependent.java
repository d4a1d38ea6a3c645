package io.twistd.operator.dependent;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.operator.rollout.RevisionSnapshots;

/**
 * The snapshot ConfigMap of the target revision: {@code app.yaml} and the extra files, immutable,
 * named after the revision, so that a new revision is a new ConfigMap and the old ones stay for
 * rollback (until {@code RevisionPruner} removes those beyond the history limit). Under Restart the
 * pods mount it; under HotReload it is the history a rollback restores from.
 *
 * <p>Its informer caches every ConfigMap the operator manages (snapshots and the HotReload stable
 * ConfigMap share it).
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = ConfigMapDependent.SELECTOR,
            onAddFilter = OwnChildAddedFilter.class))
public class ConfigMapDependent
    extends CRUDKubernetesDependentResource<ConfigMap, TwistedApplication> {

  /** Only the operator's own objects are cached. */
  public static final String SELECTOR = "app.kubernetes.io/managed-by=" + AppLabels.MANAGER;

  private final RevisionSnapshots snapshots = new RevisionSnapshots();

  public ConfigMapDependent() {
    super(ConfigMap.class);
  }

  @Override
  protected ConfigMap desired(TwistedApplication app, Context<TwistedApplication> context) {
    return snapshots.toConfigMap(app, DesiredState.of(context).target());
  }
}
