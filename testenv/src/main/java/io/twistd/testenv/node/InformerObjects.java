package io.twistd.testenv.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;

/**
 * The ConfigMaps and Secrets of a process node's namespace (or of all), cached by informers that
 * call back on every change, and ServiceAccount tokens from the TokenRequest API, as the kubelet
 * gets them.
 *
 * <p>Thread-safe. {@link #close()} stops the informers.
 */
final class InformerObjects implements ObjectSource, AutoCloseable {

  private static final long RESYNC_MILLIS = 30_000;

  private final KubernetesClient client;
  private final SharedIndexInformer<ConfigMap> configMaps;
  private final SharedIndexInformer<Secret> secrets;

  private InformerObjects(
      KubernetesClient client,
      SharedIndexInformer<ConfigMap> configMaps,
      SharedIndexInformer<Secret> secrets) {
    this.client = client;
    this.configMaps = configMaps;
    this.secrets = secrets;
  }

  /**
   * Starts caching the ConfigMaps and Secrets of {@code namespace} (null for all) and returns once
   * both caches are filled; {@code onChange} runs, on an informer thread, after every change.
   */
  static InformerObjects start(KubernetesClient client, String namespace, Runnable onChange) {
    SharedIndexInformer<ConfigMap> configMaps =
        (namespace == null
                ? client.configMaps().inAnyNamespace()
                : client.configMaps().inNamespace(namespace))
            .inform(new Changes<>(onChange), RESYNC_MILLIS);
    SharedIndexInformer<Secret> secrets =
        (namespace == null
                ? client.secrets().inAnyNamespace()
                : client.secrets().inNamespace(namespace))
            .inform(new Changes<>(onChange), RESYNC_MILLIS);
    return new InformerObjects(client, configMaps, secrets);
  }

  @Override
  public ConfigMap configMap(String namespace, String name) {
    return configMaps.getStore().getByKey(namespace + "/" + name);
  }

  @Override
  public Secret secret(String namespace, String name) {
    return secrets.getStore().getByKey(namespace + "/" + name);
  }

  @Override
  public String serviceAccountToken(Pod pod, String audience, long expirationSeconds) {
    String account = pod.getSpec().getServiceAccountName();
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withAudiences(audience == null || audience.isEmpty() ? List.of() : List.of(audience))
            .withExpirationSeconds(expirationSeconds)
            .withNewBoundObjectRef()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(pod.getMetadata().getName())
            .withUid(pod.getMetadata().getUid())
            .endBoundObjectRef()
            .endSpec()
            .build();
    return client
        .serviceAccounts()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(account == null ? "default" : account)
        .tokenRequest(request)
        .getStatus()
        .getToken();
  }

  @Override
  public void close() {
    configMaps.close();
    secrets.close();
  }

  /** Calls back on every add, real update (not a resync) and delete. */
  private static final class Changes<T extends HasMetadata> implements ResourceEventHandler<T> {
    private final Runnable onChange;

    Changes(Runnable onChange) {
      this.onChange = onChange;
    }

    @Override
    public void onAdd(T object) {
      onChange.run();
    }

    @Override
    public void onUpdate(T oldObject, T newObject) {
      if (!newObject
          .getMetadata()
          .getResourceVersion()
          .equals(oldObject.getMetadata().getResourceVersion())) {
        onChange.run();
      }
    }

    @Override
    public void onDelete(T object, boolean deletedFinalStateUnknown) {
      onChange.run();
    }
  }
}
