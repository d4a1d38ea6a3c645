package io.twistd.testenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubeTestEnvExtension.class)
class ServerSideApplyTest {

  private final KubernetesClient client;
  private String namespace;

  ServerSideApplyTest(KubernetesClient client) {
    this.client = client;
  }

  @BeforeEach
  void namespace(ControlPlane kube) {
    namespace = kube.createNamespace("ssa", Map.of());
  }

  @Test
  void secondManagerChangingAnOwnedFieldGetsConflict() {
    apply("operator", "greeting", "hello", false);

    assertThatThrownBy(() -> apply("kubectl-edit", "greeting", "bonjour", false))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409))
        .hasMessageContaining("conflict")
        .hasMessageContaining("operator");
    assertThat(configMap().getData()).containsEntry("greeting", "hello");
  }

  @Test
  void managersOfDifferentFieldsShareTheObject() {
    apply("operator", "greeting", "hello", false);
    apply("hpa", "replicas", "3", false);

    assertThat(configMap().getData()).containsEntry("greeting", "hello");
    assertThat(configMap().getMetadata().getManagedFields())
        .extracting(ManagedFieldsEntry::getManager)
        .contains("operator", "hpa");
  }

  @Test
  void forcedApplyTakesOverTheField() {
    apply("operator", "greeting", "hello", false);

    apply("kubectl-edit", "greeting", "bonjour", true);

    assertThat(configMap().getData()).containsEntry("greeting", "bonjour");
  }

  private void apply(String manager, String key, String value, boolean force) {
    ConfigMap desired =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("settings")
            .withNamespace(namespace)
            .endMetadata()
            .addToData(key, value)
            .build();
    PatchContext apply =
        new PatchContext.Builder()
            .withPatchType(PatchType.SERVER_SIDE_APPLY)
            .withFieldManager(manager)
            .withForce(force)
            .build();
    client.configMaps().inNamespace(namespace).resource(desired).patch(apply);
  }

  private ConfigMap configMap() {
    return client.configMaps().inNamespace(namespace).withName("settings").get();
  }
}
