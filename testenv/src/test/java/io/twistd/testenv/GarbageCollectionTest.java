package io.twistd.testenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Owner references, honoured by the controller manager's garbage collector. */
@ExtendWith(KubeTestEnvExtension.class)
class GarbageCollectionTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final KubernetesClient client;
  private String namespace;

  GarbageCollectionTest(KubernetesClient client) {
    this.client = client;
  }

  @BeforeAll
  static void startControllers(ControlPlane kube) {
    kube.startControllerManager();
  }

  @BeforeEach
  void namespace(ControlPlane kube) {
    namespace = kube.createNamespace("gc", Map.of());
  }

  @Test
  void deletingOwnerInBackgroundRemovesDependents() {
    ConfigMap owner = create(configMap("owner", null));
    create(configMap("revision-1", owner));
    create(configMap("revision-2", owner));
    create(configMap("unrelated", null));

    client.configMaps().inNamespace(namespace).withName("owner").delete();

    await().atMost(TIMEOUT).until(() -> names().equals(Set.of("unrelated")));
  }

  @Test
  void foregroundDeletionRemovesDependentsBeforeOwner() {
    ConfigMap owner = create(configMap("owner", null));
    create(configMap("revision-1", owner));

    client
        .configMaps()
        .inNamespace(namespace)
        .withName("owner")
        .withPropagationPolicy(DeletionPropagation.FOREGROUND)
        .delete();

    await().atMost(TIMEOUT).until(() -> names().isEmpty());
    assertThat(client.configMaps().inNamespace(namespace).withName("revision-1").get()).isNull();
  }

  private Set<String> names() {
    return client.configMaps().inNamespace(namespace).list().getItems().stream()
        .map(cm -> cm.getMetadata().getName())
        .filter(name -> !name.equals("kube-root-ca.crt"))
        .collect(Collectors.toSet());
  }

  private ConfigMap create(ConfigMap configMap) {
    return client.configMaps().inNamespace(namespace).resource(configMap).create();
  }

  private static ConfigMap configMap(String name, ConfigMap owner) {
    ConfigMapBuilder builder =
        new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata();
    if (owner != null) {
      builder
          .editMetadata()
          .addNewOwnerReference()
          .withApiVersion("v1")
          .withKind("ConfigMap")
          .withName(owner.getMetadata().getName())
          .withUid(owner.getMetadata().getUid())
          .withBlockOwnerDeletion(true)
          .endOwnerReference()
          .endMetadata();
    }
    return builder.addToData("k", "v").build();
  }
}
