package io.twistd.testenv.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * Where the node reads the ConfigMaps and Secrets its pods refer to (its informers' caches), and
 * gets their ServiceAccount tokens.
 */
interface ObjectSource {

  /** The ConfigMap, or null when it does not exist (yet). */
  ConfigMap configMap(String namespace, String name);

  /** The Secret, or null when it does not exist (yet). */
  Secret secret(String namespace, String name);

  /**
   * A new token of {@code pod}'s ServiceAccount for {@code audience} (null for the API server's),
   * bound to the pod, valid for {@code expirationSeconds}.
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientException when the API server refuses
   */
  String serviceAccountToken(Pod pod, String audience, long expirationSeconds);
}
