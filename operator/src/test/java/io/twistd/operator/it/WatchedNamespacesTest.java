package io.twistd.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.operator.Apps;
import io.twistd.operator.OperatorSettings;
import io.twistd.operator.TwistdOperator;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.KubeTestEnvExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An operator told to watch some namespaces reconciles there and nowhere else. */
@ExtendWith(KubeTestEnvExtension.class)
class WatchedNamespacesTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String SPEC = "services: [{name: echo, type: echo, listen: ['tcp:7000']}]";

  private final KubernetesClient client;

  WatchedNamespacesTest(KubernetesClient client) {
    this.client = client;
  }

  @Test
  void reconcilesApplicationsInTheWatchedNamespaceAndLeavesOthersUntouched(ControlPlane kube) {
    OperatorHarness.installCrd(client);
    String watched = kube.createNamespace("watched", Map.of());
    String unwatched = kube.createNamespace("unwatched", Map.of());
    client.resource(Apps.fromYaml("before", unwatched, SPEC)).create();
    OperatorSettings settings =
        new OperatorSettings(Set.of(watched), OperatorHarness.IMAGE, false, "default", 0);

    try (TwistdOperator operator = TwistdOperator.start(client, settings)) {
      client.resource(Apps.fromYaml("after", unwatched, SPEC)).create();
      client.resource(Apps.fromYaml("shop", watched, SPEC)).create();

      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  app(watched, "shop").getStatus() != null
                      && client.apps().deployments().inNamespace(watched).withName("shop").get()
                          != null);
      await()
          .during(Duration.ofSeconds(5))
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                assertThat(app(unwatched, "before").getStatus()).isNull();
                assertThat(app(unwatched, "after").getStatus()).isNull();
                assertThat(client.apps().deployments().inNamespace(unwatched).list().getItems())
                    .isEmpty();
                assertThat(client.configMaps().inNamespace(unwatched).list().getItems())
                    .noneMatch(c -> c.getMetadata().getName().contains("-config-"));
                assertThat(client.services().inNamespace(unwatched).list().getItems()).isEmpty();
                assertThat(client.v1().events().inNamespace(unwatched).list().getItems()).isEmpty();
              });
    }
  }

  private TwistedApplication app(String namespace, String name) {
    return client.resources(TwistedApplication.class).inNamespace(namespace).withName(name).get();
  }
}
