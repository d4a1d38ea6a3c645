package io.twistd.testenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubeTestEnvExtension.class)
class CelValidationTest {

  private static final ResourceDefinitionContext WIDGETS =
      new ResourceDefinitionContext.Builder()
          .withGroup("testenv.twistd.io")
          .withVersion("v1")
          .withKind("Widget")
          .withPlural("widgets")
          .withNamespaced(true)
          .build();

  private static String namespace;

  @BeforeAll
  static void installCrd(ControlPlane kube) {
    KubernetesClient client = kube.client();
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .load(CelValidationTest.class.getResourceAsStream("/widgets-crd.yaml"))
            .item();
    client.resource(crd).fieldManager("cel-test").forceConflicts().serverSideApply();
    namespace = kube.createNamespace("cel", Map.of());
    await()
        .atMost(Duration.ofSeconds(60))
        .ignoreExceptions()
        .until(() -> create(client, widget("probe", 1, 1)) != null);
  }

  @Test
  void acceptsObjectThatSatisfiesTheRule(KubernetesClient client) {
    GenericKubernetesResource created = create(client, widget("fine", 3, 2));

    assertThat(created.getMetadata().getUid()).isNotBlank();
  }

  @Test
  void rejectsObjectThatViolatesTheRuleWithItsMessage(KubernetesClient client) {
    assertThatThrownBy(() -> create(client, widget("broken", 1, 2)))
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(422))
        .hasMessageContaining("spec: Invalid value")
        .hasMessageContaining("minReplicas must not exceed replicas");
  }

  private static GenericKubernetesResource create(
      KubernetesClient client, GenericKubernetesResource widget) {
    return client
        .genericKubernetesResources(WIDGETS)
        .inNamespace(namespace)
        .resource(widget)
        .create();
  }

  private static GenericKubernetesResource widget(String name, int replicas, int minReplicas) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("testenv.twistd.io/v1")
        .withKind("Widget")
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("replicas", replicas, "minReplicas", minReplicas))
        .build();
  }
}
