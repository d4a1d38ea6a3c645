package io.twistd.testenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PodSecurity admission plugin, enforcing the {@code restricted} profile per namespace. */
@ExtendWith(KubeTestEnvExtension.class)
class PodSecurityTest {

  private final KubernetesClient client;
  private String restricted;

  PodSecurityTest(KubernetesClient client) {
    this.client = client;
  }

  @BeforeEach
  void namespace(ControlPlane kube) {
    restricted =
        kube.createNamespace(
            "restricted", Map.of("pod-security.kubernetes.io/enforce", "restricted"));
  }

  @Test
  void refusesPodThatViolatesRestrictedProfile() {
    Pod rootPod = pod("root").build();

    assertThatThrownBy(() -> client.pods().inNamespace(restricted).resource(rootPod).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
        .hasMessageContaining("violates PodSecurity \"restricted:latest\"")
        .hasMessageContaining("allowPrivilegeEscalation != false")
        .hasMessageContaining("runAsNonRoot != true");
  }

  @Test
  void refusesPrivilegedPod() {
    Pod privileged =
        pod("privileged")
            .editSpec()
            .editFirstContainer()
            .withNewSecurityContext()
            .withPrivileged(true)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();

    assertThatThrownBy(() -> client.pods().inNamespace(restricted).resource(privileged).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
        .hasMessageContaining("violates PodSecurity \"restricted:latest\"")
        .hasMessageContaining(
            "privileged (container \"app\" must not set securityContext.privileged=true)");
  }

  @Test
  void admitsPodThatMeetsRestrictedProfile() {
    Pod created =
        client.pods().inNamespace(restricted).resource(restrictedPod("compliant").build()).create();

    assertThat(created.getMetadata().getUid()).isNotBlank();
  }

  private static PodBuilder pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("twistd-runtime:test")
        .endContainer()
        .endSpec();
  }

  private static PodBuilder restrictedPod(String name) {
    return pod(name)
        .editSpec()
        .withNewSecurityContext()
        .withRunAsNonRoot(true)
        .withRunAsUser(10001L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .endSecurityContext()
        .editFirstContainer()
        .withNewSecurityContext()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .withDrop("ALL")
        .endCapabilities()
        .endSecurityContext()
        .endContainer()
        .endSpec();
  }
}
