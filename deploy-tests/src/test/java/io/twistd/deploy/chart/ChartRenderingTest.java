package io.twistd.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.twistd.deploy.ProjectFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the chart renders, with its defaults and with every value changed. */
class ChartRenderingTest {

  private static final String FULLNAME = Chart.RELEASE;

  @Test
  void defaultsRenderTheOperatorWatchingAllNamespacesWithAClusterRole() {
    Rendered chart = Chart.render(Map.of());

    assertThat(chart.kinds())
        .containsExactlyInAnyOrder(
            "ServiceAccount/" + FULLNAME,
            "ClusterRole/" + FULLNAME,
            "ClusterRoleBinding/" + FULLNAME,
            "Role/" + FULLNAME + "-leader-election",
            "RoleBinding/" + FULLNAME + "-leader-election",
            "Service/" + FULLNAME + "-metrics",
            "Deployment/" + FULLNAME);
    Deployment deployment = chart.one(Deployment.class);
    assertThat(deployment.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    Container operator = chart.operator();
    assertThat(operator.getImage())
        .isEqualTo("twistd/twistd-operator:" + ProjectFiles.releaseVersion());
    assertThat(operator.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(chart.env())
        .containsEntry("WATCH_NAMESPACES", "")
        .containsEntry(
            "TWISTD_RUNTIME_IMAGE", "twistd/twistd-runtime:" + ProjectFiles.releaseVersion())
        .containsEntry("LEADER_ELECTION", "true")
        .containsEntry("LOG_LEVEL", "INFO");
    assertThat(operator.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("POD_NAMESPACE");
              assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                  .isEqualTo("metadata.namespace");
            });
    assertThat(operator.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi"));
    assertThat(operator.getResources().getRequests())
        .containsEntry("cpu", new Quantity("100m"))
        .containsEntry("memory", new Quantity("256Mi"));
  }

  @Test
  void operatorPodIsRestrictedAndProbedOnItsHealthEndpoints() {
    Rendered chart = Chart.render(Map.of());
    PodSpec pod = chart.one(Deployment.class).getSpec().getTemplate().getSpec();
    Container operator = chart.operator();

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(operator.getVolumeMounts()).anyMatch(m -> "/tmp".equals(m.getMountPath()));
    assertThat(pod.getVolumes()).anyMatch(v -> v.getEmptyDir() != null);

    assertThat(operator.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getName()).isEqualTo("http");
              assertThat(p.getContainerPort()).isEqualTo(8080);
            });
    assertThat(operator.getArgs()).containsExactly("--http-port", "8080");
    assertThat(operator.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("http");

    Service metrics = chart.one(Service.class);
    assertThat(metrics.getSpec().getSelector())
        .isEqualTo(chart.one(Deployment.class).getSpec().getSelector().getMatchLabels());
    assertThat(metrics.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
  }

  @Test
  void rbacBindsTheServiceAccountToNarrowRulesAndTheLeaseToTheReleaseNamespace() {
    Rendered chart = Chart.render(Map.of());
    String account = chart.one(ServiceAccount.class).getMetadata().getName();
    assertThat(
            chart.one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo(account);

    ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class);
    assertThat(binding.getRoleRef().getName())
        .isEqualTo(chart.one(ClusterRole.class).getMetadata().getName());
    assertThat(binding.getSubjects())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getKind()).isEqualTo("ServiceAccount");
              assertThat(s.getName()).isEqualTo(account);
              assertThat(s.getNamespace()).isEqualTo(Chart.NAMESPACE);
            });

    List<PolicyRule> rules = chart.one(ClusterRole.class).getRules();
    assertThat(rules)
        .allSatisfy(
            r -> {
              assertThat(r.getVerbs()).doesNotContain("*");
              assertThat(r.getResources()).doesNotContain("*");
              assertThat(r.getApiGroups()).doesNotContain("*");
            });
    assertThat(verbs(rules, "", "secrets")).containsExactlyInAnyOrder("get", "list", "watch");
    assertThat(verbs(rules, "twistd.io", "twistedapplications"))
        .containsExactlyInAnyOrder("get", "list", "watch");
    assertThat(verbs(rules, "twistd.io", "twistedapplications/status")).containsExactly("patch");
    assertThat(verbs(rules, "coordination.k8s.io", "leases")).isEmpty();

    Role lease = chart.one(Role.class);
    assertThat(lease.getMetadata().getNamespace()).isEqualTo(Chart.NAMESPACE);
    assertThat(verbs(lease.getRules(), "coordination.k8s.io", "leases"))
        .containsExactlyInAnyOrder("get", "create", "update", "patch");
    assertThat(chart.one(RoleBinding.class).getSubjects())
        .singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo(account));
  }

  @Test
  void everyValueReachesWhatItConfigures() {
    Rendered chart = Chart.render(values("custom.yaml"));

    Deployment deployment = chart.one(Deployment.class);
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container operator = chart.operator();
    assertThat(deployment.getMetadata().getName()).isEqualTo("ops-twistd");
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
    assertThat(operator.getImage()).isEqualTo("registry.example/ops/twistd-operator:9.9.9");
    assertThat(operator.getImagePullPolicy()).isEqualTo("Always");
    assertThat(pod.getImagePullSecrets())
        .singleElement()
        .satisfies(s -> assertThat(s.getName()).isEqualTo("regcred"));
    assertThat(chart.env())
        .containsEntry("WATCH_NAMESPACES", "shop,blog")
        .containsEntry("TWISTD_RUNTIME_IMAGE", "registry.example/ops/twistd-runtime:9.9.8")
        .containsEntry("LOG_LEVEL", "DEBUG");
    assertThat(pod.getServiceAccountName()).isEqualTo("twistd-bot");
    assertThat(chart.one(ServiceAccount.class).getMetadata().getAnnotations())
        .containsEntry("team", "platform");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsEntry("team", "platform");
    assertThat(operator.getResources().getLimits()).containsEntry("memory", new Quantity("768Mi"));
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    assertThat(pod.getAffinity().getNodeAffinity()).isNotNull();
    assertThat(pod.getAffinity().getPodAntiAffinity()).isNull();
    assertThat(pod.getPriorityClassName()).isEqualTo("system-cluster-critical");

    Service metrics = chart.one(Service.class);
    assertThat(metrics.getSpec().getType()).isEqualTo("NodePort");
    assertThat(metrics.getSpec().getPorts().get(0).getPort()).isEqualTo(9090);
    GenericKubernetesResource monitor = chart.one(GenericKubernetesResource.class);
    assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(monitor.<String>get("spec", "endpoints", 0, "interval")).isEqualTo("15s");
    assertThat(monitor.<String>get("spec", "endpoints", 0, "scrapeTimeout")).isEqualTo("10s");
    assertThat(monitor.<String>get("spec", "endpoints", 0, "port"))
        .isEqualTo(metrics.getSpec().getPorts().get(0).getName());
  }

  @Test
  void watchedNamespacesGetARoleEachAndNoClusterRole() {
    Rendered chart = Chart.render(values("custom.yaml"));
    Rendered defaults = Chart.render(Map.of());

    assertThat(chart.all(ClusterRole.class)).isEmpty();
    assertThat(chart.all(ClusterRoleBinding.class)).isEmpty();
    List<Role> roles =
        chart.all(Role.class).stream()
            .filter(r -> !r.getMetadata().getName().endsWith("-leader-election"))
            .toList();
    assertThat(roles)
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactly("shop", "blog");
    assertThat(roles)
        .allSatisfy(
            r -> assertThat(r.getRules()).isEqualTo(defaults.one(ClusterRole.class).getRules()));
    assertThat(chart.all(RoleBinding.class))
        .allSatisfy(
            b -> {
              assertThat(b.getSubjects().get(0).getName()).isEqualTo("twistd-bot");
              assertThat(b.getSubjects().get(0).getNamespace()).isEqualTo(Chart.NAMESPACE);
            })
        .extracting(b -> b.getMetadata().getNamespace())
        .containsExactly("shop", "blog", Chart.NAMESPACE);
  }

  @Test
  void withoutRbacAndServiceAccountCreationOnlyTheNamedAccountIsUsed() {
    Rendered chart =
        Chart.render(
            Map.of(
                "rbac.create",
                false,
                "serviceAccount.create",
                false,
                "serviceAccount.name",
                "ops"));

    assertThat(chart.kinds())
        .containsExactlyInAnyOrder("Service/" + FULLNAME + "-metrics", "Deployment/" + FULLNAME);
    assertThat(
            chart.one(Deployment.class).getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("ops");
  }

  @Test
  void singleReplicaWithoutLeaderElectionHasNoLeaseRole() {
    Rendered chart = Chart.render(Map.of("replicaCount", 1, "leaderElection.enabled", false));

    assertThat(chart.env()).containsEntry("LEADER_ELECTION", "false");
    assertThat(chart.all(Role.class)).isEmpty();
    assertThat(chart.all(RoleBinding.class)).isEmpty();
  }

  @Test
  void refusesSeveralReplicasWithoutLeaderElection() {
    assertThatThrownBy(() -> Chart.render(Map.of("leaderElection.enabled", false)))
        .hasMessageContaining("replicaCount is 2 but leaderElection.enabled is false");
  }

  @Test
  void refusesAnExistingServiceAccountWithoutAName() {
    assertThatThrownBy(() -> Chart.render(Map.of("serviceAccount.create", false)))
        .hasMessageContaining(
            "serviceAccount.name must name an existing ServiceAccount when serviceAccount.create is false");
  }

  private static List<String> verbs(List<PolicyRule> rules, String group, String resource) {
    return rules.stream()
        .filter(r -> r.getApiGroups().contains(group) && r.getResources().contains(resource))
        .flatMap(r -> r.getVerbs().stream())
        .toList();
  }

  static Path values(String name) {
    return Path.of("src", "test", "resources", "values", name).toAbsolutePath();
  }
}
