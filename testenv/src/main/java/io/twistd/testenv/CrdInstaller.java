package io.twistd.testenv;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Installs a CustomResourceDefinition from a YAML file, the way the tests, the local cluster and
 * the benchmarks all need it: applied server-side (so re-installing a changed file updates it) and
 * ready to use when this returns.
 *
 * <p>Stateless and thread-safe.
 */
public final class CrdInstaller {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private CrdInstaller() {}

  /**
   * Applies the CRD in {@code file} and waits until the API server has established it and lists its
   * resources.
   *
   * @return the CRD as applied
   * @throws UncheckedIOException when {@code file} cannot be read
   * @throws org.awaitility.core.ConditionTimeoutException when the API server does not serve it
   *     within a minute
   */
  public static CustomResourceDefinition install(KubernetesClient client, Path file) {
    CustomResourceDefinition crd;
    try (InputStream in = Files.newInputStream(file)) {
      crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CRD " + file, e);
    }
    CustomResourceDefinition applied = client.resource(crd).forceConflicts().serverSideApply();
    String name = crd.getMetadata().getName();
    await()
        .atMost(TIMEOUT)
        .until(
            () ->
                established(
                    client.apiextensions().v1().customResourceDefinitions().withName(name).get()));
    String apiVersion = crd.getSpec().getGroup() + "/" + servedVersion(crd);
    String kind = crd.getSpec().getNames().getKind();
    // established, but discovery may lag a moment behind
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .until(
            () ->
                client.genericKubernetesResources(apiVersion, kind).inAnyNamespace().list()
                    != null);
    return applied;
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd != null
        && crd.getStatus() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static String servedVersion(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().stream()
        .filter(CustomResourceDefinitionVersion::getStorage)
        .map(CustomResourceDefinitionVersion::getName)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the CRD has no storage version"));
  }
}
