package io.twistd.testenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KubeTestEnvExtension.class)
class RbacTest {

  private final ControlPlane kube;
  private String namespace;

  RbacTest(ControlPlane kube) {
    this.kube = kube;
  }

  @BeforeEach
  void namespace() {
    namespace = kube.createNamespace("rbac", Map.of());
  }

  @Test
  void serviceAccountWithoutRoleIsForbiddenAndWithRoleAllowed() {
    kube.client()
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("reader").endMetadata().build())
        .create();

    try (KubernetesClient reader = kube.serviceAccountClient(namespace, "reader")) {
      assertThatThrownBy(() -> reader.configMaps().inNamespace(namespace).list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
          .hasMessageContaining("system:serviceaccount:" + namespace + ":reader");

      grantConfigMapReading("ServiceAccount", "reader");

      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(reader.configMaps().inNamespace(namespace).list().getItems())
                      .isNotNull());
      assertThatThrownBy(() -> reader.configMaps().inNamespace(namespace).withName("x").delete())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  @Test
  void impersonatedUserGetsOnlyWhatItsRoleGrants() {
    try (KubernetesClient jane = kube.impersonatingClient("jane", "developers")) {
      assertThatThrownBy(() -> jane.configMaps().inNamespace(namespace).list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));

      grantConfigMapReading("User", "jane");

      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(jane.configMaps().inNamespace(namespace).list().getItems())
                      .isNotNull());
      assertThatThrownBy(() -> jane.secrets().inNamespace(namespace).list())
          .isInstanceOfSatisfying(
              KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403));
    }
  }

  private void grantConfigMapReading(String subjectKind, String subject) {
    KubernetesClient admin = kube.client();
    admin
        .rbac()
        .roles()
        .inNamespace(namespace)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName("configmap-reader")
                .endMetadata()
                .addNewRule()
                .withApiGroups("")
                .withResources("configmaps")
                .withVerbs("get", "list", "watch")
                .endRule()
                .build())
        .create();
    RoleBindingBuilder binding =
        new RoleBindingBuilder()
            .withNewMetadata()
            .withName("configmap-reader")
            .endMetadata()
            .withNewRoleRef()
            .withApiGroup("rbac.authorization.k8s.io")
            .withKind("Role")
            .withName("configmap-reader")
            .endRoleRef();
    if (subjectKind.equals("ServiceAccount")) {
      binding
          .addNewSubject()
          .withKind(subjectKind)
          .withName(subject)
          .withNamespace(namespace)
          .endSubject();
    } else {
      binding
          .addNewSubject()
          .withKind(subjectKind)
          .withName(subject)
          .withApiGroup("rbac.authorization.k8s.io")
          .endSubject();
    }
    admin.rbac().roleBindings().inNamespace(namespace).resource(binding.build()).create();
  }
}
