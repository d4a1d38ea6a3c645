package io.twistd.deploy.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.twistd.deploy.ProjectFiles;
import io.twistd.testenv.ControlPlane;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The chart installed by helm-java into a fresh namespace of the test control plane, whose Pod
 * Security level is {@code restricted}. Each installation has its own release name, so the
 * cluster-scoped ClusterRole of one test never meets another's.
 */
final class InstalledChart {

  private final ControlPlane kube;
  private final String namespace;
  private final String release;
  private final Release result;

  private InstalledChart(ControlPlane kube, String namespace, String release, Release result) {
    this.kube = kube;
    this.namespace = namespace;
    this.release = release;
    this.result = result;
  }

  /** {@code helm install} with the chart's defaults plus {@code values}. */
  static InstalledChart install(ControlPlane kube, Map<String, Object> values) {
    String namespace =
        kube.createNamespace(
            "twistd-system", Map.of("pod-security.kubernetes.io/enforce", "restricted"));
    String release = "twistd-" + namespace.substring(namespace.lastIndexOf('-') + 1);
    InstallCommand install =
        new Helm(ProjectFiles.chart())
            .install()
            .withName(release)
            .withNamespace(namespace)
            .withKubeConfig(kube.kubeconfig());
    values.forEach(install::set);
    return new InstalledChart(kube, namespace, release, install.call());
  }

  /** The release namespace. */
  String namespace() {
    return namespace;
  }

  /** The release's full name, the prefix of the objects it made. */
  String fullname() {
    return release + "-twistd-operator";
  }

  /** What Helm reported. */
  Release release() {
    return result;
  }

  /** The ServiceAccount the chart made for the operator. */
  String serviceAccount() {
    return fullname();
  }

  /** The Kubernetes user name of that ServiceAccount. */
  String serviceAccountUser() {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount();
  }

  /** The groups every ServiceAccount token of the release namespace carries. */
  String[] serviceAccountGroups() {
    return new String[] {
      "system:serviceaccounts", "system:serviceaccounts:" + namespace, "system:authenticated"
    };
  }

  /** The ClusterRole the chart made for watching every namespace. */
  ClusterRole clusterRole() {
    return kube.client().rbac().clusterRoles().withName(fullname()).get();
  }

  /** Removes the ClusterRole's rules that match {@code unwanted}; returns those removed. */
  List<PolicyRule> removeRules(Predicate<PolicyRule> unwanted) {
    ClusterRole role = clusterRole();
    List<PolicyRule> removed = role.getRules().stream().filter(unwanted).toList();
    role.setRules(role.getRules().stream().filter(unwanted.negate()).toList());
    kube.client().resource(role).update();
    return removed;
  }
}
