package io.twistd.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.api.crd.TwistedApplication;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Installs the checked-in TwistedApplication CRD into a test cluster. */
public final class Crds {

  private static final Path CRD = Path.of("..", "crds", "twistedapplications.twistd.io-v1.yml");

  private Crds() {}

  /** Applies the checked-in CRD and waits until the API server serves it. */
  public static void install(KubernetesClient client) {
    try (InputStream in = Files.newInputStream(CRD)) {
      CustomResourceDefinition crd =
          client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.resource(crd).forceConflicts().serverSideApply();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  client
                      .apiextensions()
                      .v1()
                      .customResourceDefinitions()
                      .withName(crd.getMetadata().getName())
                      .get()
                      .getStatus()
                      .getConditions()
                      .stream()
                      .anyMatch(
                          c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())));
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> client.resources(TwistedApplication.class).inAnyNamespace().list() != null);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + CRD, e);
    }
  }
}
