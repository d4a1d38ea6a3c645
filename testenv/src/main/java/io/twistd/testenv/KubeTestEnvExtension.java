package io.twistd.testenv;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives tests one shared {@link ControlPlane}, started lazily on first use
 * and stopped when the whole test run ends (it lives in the root context's store, and a shutdown
 * hook backs that up).
 *
 * <p>Inject {@link ControlPlane}, or {@link KubernetesClient} for the admin client, into test
 * constructors, lifecycle methods or test methods:
 *
 * <pre>{@code
 * @ExtendWith(KubeTestEnvExtension.class)
 * class MyTest {
 *   @Test
 *   void works(ControlPlane kube) {
 *     String ns = kube.createNamespace("my", Map.of());
 *     kube.client().configMaps().inNamespace(ns)...
 *   }
 * }
 * }</pre>
 *
 * <p>Tests that need Deployments to produce Pods, or garbage collection, call {@link
 * ControlPlane#startControllerManager()}. When the binaries are missing, every test that asks fails
 * with a message that says to run {@code scripts/testenv}.
 */
public final class KubeTestEnvExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KubeTestEnvExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == ControlPlane.class || type == KubernetesClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ControlPlane controlPlane = controlPlane(context);
    return parameter.getParameter().getType() == ControlPlane.class
        ? controlPlane
        : controlPlane.client();
  }

  /** The shared control plane of this test run, started on first call. Thread-safe. */
  public static ControlPlane controlPlane(ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    synchronized (KubeTestEnvExtension.class) {
      return store.getOrComputeIfAbsent(
          ControlPlane.class, type -> ControlPlane.start(), ControlPlane.class);
    }
  }
}
