package io.twistd.bench.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Watches a namespace and notes, per application (label {@code app.kubernetes.io/instance}), when
 * each of its children — ConfigMap, Deployment, Service — was first seen; an application is
 * complete when all three were.
 */
final class ChildrenTracker implements AutoCloseable {

  private static final String INSTANCE = "app.kubernetes.io/instance";
  private static final int KINDS = 3;

  private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();
  private final Map<String, Long> completedNanos = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<? extends HasMetadata>> informers = new ArrayList<>();

  ChildrenTracker(KubernetesClient client, String namespace) {
    informers.add(client.configMaps().inNamespace(namespace).inform(handler("ConfigMap")));
    informers.add(client.apps().deployments().inNamespace(namespace).inform(handler("Deployment")));
    informers.add(client.services().inNamespace(namespace).inform(handler("Service")));
  }

  private <T extends HasMetadata> ResourceEventHandler<T> handler(String kind) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T object) {
        seen(kind, object);
      }

      @Override
      public void onUpdate(T before, T after) {
        seen(kind, after);
      }

      @Override
      public void onDelete(T object, boolean unknownFinalState) {
        // nothing here deletes children while measuring
      }
    };
  }

  private void seen(String kind, HasMetadata object) {
    long now = System.nanoTime();
    Map<String, String> labels = object.getMetadata().getLabels();
    String app = labels == null ? null : labels.get(INSTANCE);
    if (app == null) {
      return;
    }
    Set<String> kinds = seen.computeIfAbsent(app, name -> ConcurrentHashMap.newKeySet());
    if (kinds.add(kind) && kinds.size() == KINDS) {
      completedNanos.putIfAbsent(app, now);
    }
  }

  /** When each complete application became complete, on the {@link System#nanoTime()} clock. */
  Map<String, Long> completed() {
    return Map.copyOf(completedNanos);
  }

  /**
   * Waits until {@code count} applications are complete.
   *
   * @throws IllegalStateException after {@code timeout}, saying how many were
   */
  void awaitComplete(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (completedNanos.size() < count) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only "
                + completedNanos.size()
                + " of "
                + count
                + " applications complete after "
                + timeout);
      }
      io.twistd.bench.proc.ServerProcess.pause(Duration.ofMillis(20));
    }
  }

  @Override
  public void close() {
    informers.forEach(SharedIndexInformer::close);
  }
}
