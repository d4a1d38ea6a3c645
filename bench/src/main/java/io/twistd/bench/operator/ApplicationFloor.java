package io.twistd.bench.operator;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.twistd.bench.proc.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A second floor for the operator at scale: every API write the operator's path causes, done
 * straight with {@code kubectl apply --server-side} and no operator at all. Per application that is
 * the TwistedApplication itself, its ConfigMap, Deployment and Service, the Event that announces
 * its roll-out, and its status: six writes where {@link FloorApply} does three. It answers how much
 * of the gap to {@link FloorApply} any operator that records a status and an Event must leave: the
 * API server's share of the work, without an operator's own CPU.
 *
 * <p>The objects are those the operator's step made, copied as {@link FloorApply} copies the
 * children; owner references are left out (the copies' owners get new uids). Each of {@link
 * FloorApply#KUBECTL_PROCESSES} kubectl workers applies its share of applications with their
 * children and Events, then their statuses ({@code --subresource=status}, which needs the
 * applications to exist).
 */
final class ApplicationFloor {

  private static final String APPLICATIONS_VERSION = "twistd.io/v1alpha1";
  private static final String APPLICATIONS_KIND = "TwistedApplication";
  private static final String INSTANCE = "app.kubernetes.io/instance";

  /** One kubectl worker's two files: objects first, then the statuses of its applications. */
  record Share(Path objects, Path statuses) {}

  private ApplicationFloor() {}

  /** Writes what {@code from} holds, as it would be applied to {@code to}, in files. */
  static List<Share> export(KubernetesClient client, String from, String to, Path directory) {
    List<GenericKubernetesResource> applications =
        client
            .genericKubernetesResources(APPLICATIONS_VERSION, APPLICATIONS_KIND)
            .inNamespace(from)
            .list()
            .getItems();
    Map<String, List<HasMetadata>> children = new TreeMap<>();
    for (HasMetadata child : FloorApply.children(client, from)) {
      String app = child.getMetadata().getLabels().get(INSTANCE);
      children.computeIfAbsent(app, name -> new ArrayList<>()).add(FloorApply.cleaned(child, to));
    }
    Map<String, List<Event>> events =
        client.v1().events().inNamespace(from).list().getItems().stream()
            .filter(e -> APPLICATIONS_KIND.equals(e.getInvolvedObject().getKind()))
            .collect(Collectors.groupingBy(e -> e.getInvolvedObject().getName()));

    int workers = FloorApply.KUBECTL_PROCESSES;
    List<List<String>> objects = new ArrayList<>();
    List<List<String>> statuses = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      objects.add(new ArrayList<>());
      statuses.add(new ArrayList<>());
    }
    for (int i = 0; i < applications.size(); i++) {
      GenericKubernetesResource application = applications.get(i);
      String name = application.getMetadata().getName();
      List<String> share = objects.get(i % workers);
      share.add(Serialization.asYaml(withoutStatus(application, to)));
      children.getOrDefault(name, List.of()).forEach(c -> share.add(Serialization.asYaml(c)));
      events
          .getOrDefault(name, List.of())
          .forEach(e -> share.add(Serialization.asYaml(moved(e, to))));
      statuses.get(i % workers).add(Serialization.asYaml(statusOnly(application, to)));
    }
    try {
      Files.createDirectories(directory);
      List<Share> shares = new ArrayList<>();
      for (int i = 0; i < workers; i++) {
        shares.add(
            new Share(
                Files.writeString(
                    directory.resolve("applications-" + i + ".yaml"),
                    String.join("\n", objects.get(i))),
                Files.writeString(
                    directory.resolve("statuses-" + i + ".yaml"),
                    String.join("\n", statuses.get(i)))));
      }
      return shares;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static GenericKubernetesResource withoutStatus(
      GenericKubernetesResource application, String namespace) {
    GenericKubernetesResource copy = header(application, namespace);
    copy.getMetadata().setLabels(application.getMetadata().getLabels());
    copy.setAdditionalProperty("spec", application.getAdditionalProperties().get("spec"));
    return copy;
  }

  private static GenericKubernetesResource statusOnly(
      GenericKubernetesResource application, String namespace) {
    GenericKubernetesResource copy = header(application, namespace);
    copy.setAdditionalProperty("status", application.getAdditionalProperties().get("status"));
    return copy;
  }

  private static GenericKubernetesResource header(
      GenericKubernetesResource application, String namespace) {
    GenericKubernetesResource copy = new GenericKubernetesResource();
    copy.setApiVersion(APPLICATIONS_VERSION);
    copy.setKind(APPLICATIONS_KIND);
    copy.setMetadata(
        new ObjectMetaBuilder()
            .withName(application.getMetadata().getName())
            .withNamespace(namespace)
            .build());
    return copy;
  }

  private static Event moved(Event event, String namespace) {
    return new EventBuilder(event)
        .withMetadata(
            new ObjectMetaBuilder()
                .withName(event.getMetadata().getName())
                .withNamespace(namespace)
                .build())
        .withInvolvedObject(
            new ObjectReferenceBuilder()
                .withApiVersion(event.getInvolvedObject().getApiVersion())
                .withKind(event.getInvolvedObject().getKind())
                .withName(event.getInvolvedObject().getName())
                .withNamespace(namespace)
                .build())
        .build();
  }

  /**
   * Runs the workers at once, each applying its objects and then its statuses with {@code kubectl
   * apply --server-side}; waits for all of them.
   */
  static void apply(Path kubectl, Path kubeconfig, List<Share> shares, Path logDirectory) {
    List<ServerProcess> running = new ArrayList<>();
    for (int i = 0; i < shares.size(); i++) {
      String apply =
          "'%s' --kubeconfig '%s' apply --server-side --field-manager=floor"
              .formatted(kubectl, kubeconfig);
      running.add(
          ServerProcess.start(
              "kubectl apply with status " + i,
              "",
              List.of(
                  "bash",
                  "-c",
                  "%s -f '%s' && %s --subresource=status -f '%s'"
                      .formatted(apply, shares.get(i).objects(), apply, shares.get(i).statuses())),
              logDirectory.resolve("kubectl-applications-" + i + ".log"),
              Map.of()));
    }
    FloorApply.awaitAll(running);
  }
}
