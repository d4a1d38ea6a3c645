package io.twistd.bench.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.twistd.bench.proc.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The floor for the operator at scale: the very children the operator created (ConfigMaps,
 * Deployments, Services), copied into another namespace without what the server added (uid,
 * versions, status, owner, allocated cluster IPs), and applied straight with {@code kubectl apply
 * --server-side}, from a few kubectl processes at once.
 */
final class FloorApply {

  static final int KUBECTL_PROCESSES = 8;
  private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  private static final String MANAGER = "twistd-operator";

  private FloorApply() {}

  /** Writes the children of {@code from} as they would be applied to {@code to}, in files. */
  static List<Path> export(KubernetesClient client, String from, String to, Path directory) {
    List<HasMetadata> objects = children(client, from);
    List<List<String>> chunks = new ArrayList<>();
    for (int i = 0; i < KUBECTL_PROCESSES; i++) {
      chunks.add(new ArrayList<>());
    }
    for (int i = 0; i < objects.size(); i++) {
      chunks.get(i % KUBECTL_PROCESSES).add(Serialization.asYaml(cleaned(objects.get(i), to)));
    }
    try {
      Files.createDirectories(directory);
      List<Path> files = new ArrayList<>();
      for (int i = 0; i < chunks.size(); i++) {
        files.add(
            Files.writeString(
                directory.resolve("children-" + i + ".yaml"),
                chunks.get(i).stream().collect(Collectors.joining("\n"))));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The operator's children in {@code namespace}: ConfigMaps, Deployments, Services. */
  static List<HasMetadata> children(KubernetesClient client, String namespace) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.addAll(
        client
            .configMaps()
            .inNamespace(namespace)
            .withLabel(MANAGED_BY, MANAGER)
            .list()
            .getItems());
    objects.addAll(
        client
            .apps()
            .deployments()
            .inNamespace(namespace)
            .withLabel(MANAGED_BY, MANAGER)
            .list()
            .getItems());
    objects.addAll(
        client.services().inNamespace(namespace).withLabel(MANAGED_BY, MANAGER).list().getItems());
    return objects;
  }

  /**
   * {@code object} as it would be applied to {@code namespace}: without what the server added (uid,
   * versions, status, owner, allocated cluster IPs).
   */
  static HasMetadata cleaned(HasMetadata object, String namespace) {
    ObjectMeta meta = object.getMetadata();
    Map<String, String> annotations =
        meta.getAnnotations() == null ? Map.of() : new java.util.TreeMap<>(meta.getAnnotations());
    annotations.remove("deployment.kubernetes.io/revision");
    object.setMetadata(
        new ObjectMetaBuilder()
            .withName(meta.getName())
            .withNamespace(namespace)
            .withLabels(meta.getLabels())
            .withAnnotations(annotations.isEmpty() ? null : annotations)
            .build());
    if (object instanceof Deployment deployment) {
      deployment.setStatus(null);
    }
    if (object instanceof Service service) {
      service.setStatus(null);
      service.getSpec().setClusterIP(null);
      service.getSpec().setClusterIPs(null);
    }
    return object;
  }

  /** Runs {@code kubectl apply --server-side} on every file at once; waits for all of them. */
  static void apply(Path kubectl, Path kubeconfig, List<Path> files, Path logDirectory) {
    List<ServerProcess> running = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      running.add(
          ServerProcess.start(
              "kubectl apply " + i,
              "",
              List.of(
                  kubectl.toString(),
                  "--kubeconfig",
                  kubeconfig.toString(),
                  "apply",
                  "--server-side",
                  "--field-manager=floor",
                  "-f",
                  files.get(i).toString()),
              logDirectory.resolve("kubectl-" + i + ".log"),
              Map.of()));
    }
    awaitAll(running);
  }

  /** Waits for every kubectl run; fails with the output of the first that did not succeed. */
  static void awaitAll(List<ServerProcess> running) {
    for (ServerProcess kubectlRun : running) {
      int exit = kubectlRun.awaitExit(Duration.ofMinutes(10));
      if (exit != 0) {
        throw new IllegalStateException("kubectl apply failed:\n" + kubectlRun.output());
      }
    }
  }
}
