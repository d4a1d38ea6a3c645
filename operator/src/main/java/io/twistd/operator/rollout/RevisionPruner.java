package io.twistd.operator.rollout;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.twistd.api.crd.TwistedApplication;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Chooses the revision snapshots to delete: all but the current revision, the {@code
 * rollout.revisionHistoryLimit} newest others, and the last good one whatever its age (it is what a
 * rollback needs).
 *
 * <p>Stateless and thread-safe.
 */
public final class RevisionPruner {

  private static final Comparator<ConfigMap> NEWEST_FIRST =
      Comparator.comparing((ConfigMap c) -> c.getMetadata().getCreationTimestamp())
          .thenComparing(c -> c.getMetadata().getName())
          .reversed();

  /**
   * The snapshots of {@code app} among {@code configMaps} to delete.
   *
   * @param current the revision the pods should run
   * @param lastGood the last revision that rolled out completely, or null
   */
  public List<ConfigMap> prunable(
      TwistedApplication app, Collection<ConfigMap> configMaps, String current, String lastGood) {
    int limit = app.getSpec().getRollout().getRevisionHistoryLimit();
    return configMaps.stream()
        .filter(c -> RevisionSnapshots.isSnapshotOf(c, app))
        .filter(c -> c.getMetadata().getCreationTimestamp() != null)
        .filter(c -> !revisionOf(c).equals(current))
        .sorted(NEWEST_FIRST)
        .skip(limit)
        .filter(c -> !revisionOf(c).equals(lastGood))
        .toList();
  }

  private static String revisionOf(ConfigMap configMap) {
    return Objects.requireNonNull(
        configMap.getMetadata().getLabels().get(RevisionSnapshots.REVISION_LABEL));
  }
}
