package io.twistd.operator.it;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.operator.Crds;
import io.twistd.operator.OperatorSettings;
import io.twistd.operator.TwistdOperator;
import io.twistd.operator.rollout.PodStatusProbe;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.KubeTestEnvExtension;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The operator running in-process against the test control plane, with the checked-in CRD installed
 * and the controller manager running, for one test class: register it as a static
 * {@code @RegisterExtension} field next to {@code @ExtendWith(KubeTestEnvExtension.class)}.
 */
final class OperatorHarness implements BeforeAllCallback, AfterAllCallback {

  static final String IMAGE = "twistd/twistd-runtime:test";

  private final String ownNamespacePrefix;
  private final PodStatusProbe probe;
  private ControlPlane kube;
  private TwistdOperator operator;
  private String namespace;

  /** An operator watching every namespace. */
  OperatorHarness() {
    this(null, null);
  }

  private OperatorHarness(String ownNamespacePrefix, PodStatusProbe probe) {
    this.ownNamespacePrefix = ownNamespacePrefix;
    this.probe = probe;
  }

  /**
   * An operator watching every namespace that asks HotReload pods for their revision through {@code
   * probe} (the fake node's pods have addresses nothing listens on).
   */
  static OperatorHarness askingPodsThrough(PodStatusProbe probe) {
    return new OperatorHarness(null, probe);
  }

  /**
   * An operator watching only a namespace of its own (see {@link #namespace()}), so that what it
   * counts is not mixed with what other test classes left in the shared control plane.
   */
  static OperatorHarness watchingOwnNamespace(String prefix) {
    return new OperatorHarness(prefix, null);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    kube = KubeTestEnvExtension.controlPlane(context);
    installCrd(kube.client());
    kube.startControllerManager();
    if (ownNamespacePrefix != null) {
      namespace = kube.createNamespace(ownNamespacePrefix, java.util.Map.of());
    }
    startOperator();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (operator != null) {
      operator.close();
    }
  }

  /** Applies the checked-in CRD and waits until the API server serves it. */
  static void installCrd(KubernetesClient client) {
    Crds.install(client);
  }

  private void startOperator() {
    OperatorSettings settings =
        new OperatorSettings(
            namespace == null ? Set.of() : Set.of(namespace), IMAGE, false, "default", 0);
    operator =
        probe == null
            ? TwistdOperator.start(kube.client(), settings)
            : TwistdOperator.start(kube.client(), settings, probe);
  }

  /** Stops the operator and starts a new one, as a pod restart or a leader change would. */
  void restartOperator() {
    operator.close();
    startOperator();
  }

  /** The namespace this operator watches, for {@link #watchingOwnNamespace}. */
  String namespace() {
    return namespace;
  }

  TwistdOperator operator() {
    return operator;
  }
}
