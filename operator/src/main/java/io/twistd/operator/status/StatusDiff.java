package io.twistd.operator.status;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.twistd.api.crd.TwistedApplicationStatus;

/**
 * Tells whether a computed status differs from the stored one, so unchanged ones are not written.
 */
public final class StatusDiff {

  private StatusDiff() {}

  /** Whether {@code next} says anything {@code before} does not. */
  public static boolean changed(TwistedApplicationStatus before, TwistedApplicationStatus next) {
    if (before == null) {
      return true;
    }
    return !Serialization.asJson(before).equals(Serialization.asJson(next));
  }
}
