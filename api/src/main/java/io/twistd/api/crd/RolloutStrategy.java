package io.twistd.api.crd;

/** How configuration changes reach the pods. */
public enum RolloutStrategy {
  /** Each config revision is an immutable ConfigMap; a change rolls the pods. */
  Restart,
  /** One stable ConfigMap is updated in place and the pods reload it live. */
  HotReload
}
