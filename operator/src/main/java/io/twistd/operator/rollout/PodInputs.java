package io.twistd.operator.rollout;

import io.twistd.api.crd.PodOverrides;
import io.twistd.api.crd.SecretReference;
import java.util.List;

/**
 * What a revision puts into the pod template besides its config: the image (the operator's default
 * already resolved), the pod overrides and the Secrets mounted. Stored with each revision so that a
 * rollback restores exactly the pods that last worked.
 *
 * @param image the runtime image the pods run
 * @param pod resources, scheduling, env and annotations of the pods
 * @param secrets the Secrets mounted under {@code /etc/twistd/secrets}
 * @param logFormat {@code spec.logging.format}: the runtime applies it only at start, so under
 *     HotReload a change of it must restart the pods
 */
public record PodInputs(
    String image, PodOverrides pod, List<SecretReference> secrets, String logFormat) {

  /** A copy without null collections, so that equal inputs serialize equally. */
  public PodInputs {
    pod = pod == null ? new PodOverrides() : pod;
    secrets = secrets == null ? List.of() : List.copyOf(secrets);
  }

  /** These inputs as canonical JSON: equal inputs give equal text, whatever the key order. */
  public String canonicalJson() {
    return PodInputsJson.write(this);
  }
}
