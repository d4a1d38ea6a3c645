package io.twistd.operator.rollout;

import java.time.Instant;
import java.util.Optional;

/**
 * What a pod's runtime says about its config, read from its admin {@code /status}.
 *
 * @param revision the revision the runtime runs (its {@code app.yaml}'s {@code revision})
 * @param reloadError why the last live reload was refused, if it was
 * @param reloadErrorAt when that reload was refused, if the runtime said
 */
public record PodReport(
    String revision, Optional<String> reloadError, Optional<Instant> reloadErrorAt) {

  /**
   * The reload error, unless it is known to be older than {@code since} (it was about an earlier
   * revision: the runtime keeps its last error until a reload succeeds).
   */
  public Optional<String> reloadErrorSince(Instant since) {
    if (reloadErrorAt.isPresent() && reloadErrorAt.get().isBefore(since)) {
      return Optional.empty();
    }
    return reloadError;
  }
}
