package io.twistd.operator.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.operator.OperatorSettings;
import io.twistd.operator.TwistdOperator;
import io.twistd.testenv.ControlPlane;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The operator running in-process against the test control plane, with the checked-in CRD installed
 * and the controller manager running. One per test class.
 */
final class OperatorHarness implements AutoCloseable {

  static final String IMAGE = "twistd/twistd-runtime:test";
  private static final Path CRD = Path.of("..", "crds", "twistedapplications.twistd.io-v1.yml");

  private final ControlPlane kube;
  private TwistdOperator operator;

  private OperatorHarness(ControlPlane kube) {
    this.kube = kube;
  }

  /** Installs the CRD (once per control plane), starts controllers and the operator. */
  static OperatorHarness start(ControlPlane kube) {
    installCrd(kube.client());
    kube.startControllerManager();
    OperatorHarness harness = new OperatorHarness(kube);
    harness.startOperator();
    return harness;
  }

  static void installCrd(KubernetesClient client) {
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

  void startOperator() {
    operator =
        TwistdOperator.start(
            kube.client(), new OperatorSettings(Set.of(), IMAGE, false, "default", 0));
  }

  /** Stops the operator and starts a new one, as a pod restart or a leader change would. */
  void restartOperator() {
    operator.close();
    startOperator();
  }

  TwistdOperator operator() {
    return operator;
  }

  @Override
  public void close() {
    if (operator != null) {
      operator.close();
    }
  }
}
