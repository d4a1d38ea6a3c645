package io.twistd.operator.rollout;

import java.util.Optional;

/**
 * What a pod's runtime says about its config, read from its admin {@code /status}.
 *
 * @param revision the revision the runtime runs (its {@code app.yaml}'s {@code revision})
 * @param reloadError why the last live reload was refused, if it was
 */
public record PodReport(String revision, Optional<String> reloadError) {}
