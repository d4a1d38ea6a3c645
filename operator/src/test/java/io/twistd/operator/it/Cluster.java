package io.twistd.operator.it;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.twistd.api.crd.TwistedApplication;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads and edits a test namespace the way the operator's integration tests need. */
final class Cluster {

  private final KubernetesClient client;
  private final String namespace;

  Cluster(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  TwistedApplication app(String name) {
    return client.resources(TwistedApplication.class).inNamespace(namespace).withName(name).get();
  }

  /** Merges {@code specJson} into the spec, without optimistic locking (status writes race it). */
  void patchSpec(String name, String specJson) {
    client
        .resources(TwistedApplication.class)
        .inNamespace(namespace)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": " + specJson + "}");
  }

  /** The status of condition {@code type} of {@code name}, or null. */
  String condition(String name, String type) {
    TwistedApplication app = app(name);
    if (app == null || app.getStatus() == null) {
      return null;
    }
    return app.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .map(c -> c.getStatus())
        .findFirst()
        .orElse(null);
  }

  /** Creates, or replaces the data of, Secret {@code name} with {@code data} (as stringData). */
  void putSecret(String name, Map<String, String> data) {
    client
        .secrets()
        .inNamespace(namespace)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withStringData(data)
                .build())
        .serverSideApply();
  }

  List<ReplicaSet> replicaSets() {
    return client.apps().replicaSets().inNamespace(namespace).list().getItems();
  }

  /**
   * The resourceVersion of every object a reconcile could write in the namespace: the applications,
   * their ConfigMaps, Deployments, Services, PodDisruptionBudgets, and Events. Any write changes
   * this map.
   */
  Map<String, String> writableState() {
    Map<String, String> versions = new TreeMap<>();
    Stream.of(
            client.resources(TwistedApplication.class).inNamespace(namespace).list().getItems(),
            client.configMaps().inNamespace(namespace).list().getItems(),
            client.apps().deployments().inNamespace(namespace).list().getItems(),
            client.services().inNamespace(namespace).list().getItems(),
            client.policy().v1().podDisruptionBudget().inNamespace(namespace).list().getItems(),
            client.v1().events().inNamespace(namespace).list().getItems())
        .flatMap(List::stream)
        .map(HasMetadata.class::cast)
        .forEach(o -> versions.put(o.getKind() + "/" + o.getMetadata().getName(), version(o)));
    return versions;
  }

  /** The resourceVersion; for an Event also what it says, so that a failure shows it. */
  private static String version(HasMetadata object) {
    String version = object.getMetadata().getResourceVersion();
    return object instanceof Event event
        ? version + " " + event.getReason() + ": " + event.getMessage()
        : version;
  }
}
