package io.twistd.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.operator.Crds;
import io.twistd.operator.OperatorSettings;
import io.twistd.operator.TwistdOperator;
import io.twistd.operator.dependent.OperatorDefaults;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.KubeTestEnvExtension;
import io.twistd.testenv.ServiceRouter;
import io.twistd.testenv.node.ContainerImages;
import io.twistd.testenv.node.ProcessNode;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The end-to-end scenario on this machine, without Docker: the test control plane with its
 * controller manager, the operator, and a {@link ProcessNode} that runs every pod as a real runtime
 * process (the jar the runtime image holds) with its own network namespace and address. This JVM
 * reaches pods at their addresses, as kube-proxy would.
 */
@ExtendWith(KubeTestEnvExtension.class)
class ProcessNodeEndToEndTest extends EndToEndScenario {

  private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

  private final ControlPlane kube;
  private ProcessNode node;
  private TwistdOperator operator;

  ProcessNodeEndToEndTest(ControlPlane kube) {
    this.kube = kube;
  }

  @BeforeAll
  static void clusterWithCrd(ControlPlane kube) {
    Optional<String> reason = ProcessNode.unsupportedReason();
    assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse(""));
    kube.startControllerManager();
    Crds.install(kube.client());
  }

  @Override
  protected KubernetesClient client() {
    return kube.client();
  }

  @Override
  protected String openNamespace(Map<String, String> labels) {
    String namespace = kube.createNamespace("e2e", labels);
    ContainerImages images =
        ContainerImages.of(
            Map.of(ContainerImages.TWISTD_RUNTIME, ContainerImages.twistdRuntime(PROJECT)));
    node =
        ProcessNode.start(
            kube.client(), ProcessNode.Settings.of("node-" + namespace, namespace, images));
    operator =
        TwistdOperator.start(
            kube.client(),
            new OperatorSettings(
                Set.of(namespace), OperatorDefaults.RUNTIME_IMAGE, false, "default", 0));
    return namespace;
  }

  @Override
  protected void closeNamespace(String namespace) {
    if (operator != null) {
      operator.close();
    }
    if (node != null) {
      node.close();
    }
  }

  @Override
  protected String kubectl(String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(kube.binaries().kubectl().toString());
    command.add("--kubeconfig=" + kube.kubeconfig());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("kubectl ended").isTrue();
      assertThat(process.exitValue()).as("kubectl %s: %s", String.join(" ", args), output).isZero();
      return output;
    } catch (IOException e) {
      throw new AssertionError("cannot run kubectl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  protected URI reach(ServiceRouter.Destination destination) {
    return URI.create("http://" + destination.address() + ":" + destination.port() + "/");
  }

  @Override
  protected Set<String> runningContainers(String namespace) {
    return node.runningContainerPids().stream().map(String::valueOf).collect(Collectors.toSet());
  }

  @Override
  protected void assertNodesKeepNothing(String namespace) {
    assertThat(node.hostFootprint()).isEmpty();
  }
}
