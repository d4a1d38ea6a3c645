package io.twistd.operator.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.PrimaryToSecondaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.twistd.api.crd.TwistedApplication;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Watches the Secrets applications mount ({@code spec.secrets}), so that a rotated Secret, or one
 * created after the application that needs it, reconciles the applications naming it. Secrets carry
 * no operator label, so the informer caches the Secrets of the watched namespaces; an index on the
 * applications maps each Secret to the applications that name it.
 */
final class WatchedSecrets {

  private static final String NAME = "secrets";
  private static final String BY_SECRET = "by-secret";

  private WatchedSecrets() {}

  /** The Secret event source of the controller. */
  static InformerEventSource<Secret, TwistedApplication> eventSource(
      EventSourceContext<TwistedApplication> context) {
    context.getPrimaryCache().addIndexer(BY_SECRET, WatchedSecrets::secretKeys);
    PrimaryToSecondaryMapper<TwistedApplication> named =
        app ->
            app.getSpec().getSecrets().stream()
                .map(s -> new ResourceID(s.getName(), app.getMetadata().getNamespace()))
                .collect(Collectors.toSet());
    InformerEventSourceConfiguration<Secret> config =
        InformerEventSourceConfiguration.from(Secret.class, TwistedApplication.class)
            .withName(NAME)
            .withNamespacesInheritedFromController()
            .withPrimaryToSecondaryMapper(named)
            .withSecondaryToPrimaryMapper(
                secret ->
                    context
                        .getPrimaryCache()
                        .byIndex(
                            BY_SECRET,
                            key(
                                secret.getMetadata().getNamespace(),
                                secret.getMetadata().getName()))
                        .stream()
                        .map(ResourceID::fromResource)
                        .collect(Collectors.toSet()))
            .build();
    return new InformerEventSource<>(config, context);
  }

  /** The Secret {@code name} of the application being reconciled, if it exists. */
  static Optional<Secret> find(Context<TwistedApplication> context, String name) {
    Set<Secret> secrets = context.getSecondaryResources(Secret.class);
    return secrets.stream().filter(s -> name.equals(s.getMetadata().getName())).findFirst();
  }

  private static List<String> secretKeys(TwistedApplication app) {
    return app.getSpec().getSecrets().stream()
        .map(s -> key(app.getMetadata().getNamespace(), s.getName()))
        .toList();
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }
}
