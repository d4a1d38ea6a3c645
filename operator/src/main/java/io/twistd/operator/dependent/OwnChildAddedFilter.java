package io.twistd.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnAddFilter;

/**
 * Drops the add events of the operator's children (ConfigMaps, Deployments, Services,
 * PodDisruptionBudgets): each is created by a reconcile of its application, which knows it was
 * created. Under load the watch event often overtakes the response to the create, and JOSDK then
 * cannot tell it from someone else's; without this filter it starts a second reconcile of the
 * application, from a cached copy that misses the status just patched, whose own status patch then
 * fails with a conflict. Updates and deletes of children still reconcile. The informers' caches are
 * not affected: a filtered child is cached all the same.
 *
 * <p>Stateless; JOSDK creates it by its no-argument constructor.
 */
public class OwnChildAddedFilter implements OnAddFilter<HasMetadata> {

  @Override
  public boolean accept(HasMetadata child) {
    return false;
  }
}
