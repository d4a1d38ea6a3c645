package io.twistd.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.twistd.deploy.ProjectFiles;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.CrdInstaller;
import io.twistd.testenv.KubeTestEnvExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator image's {@code ENTRYPOINT}, run on this host as the chart's Deployment runs it (its
 * args and environment), against the test control plane: it becomes ready, and stops on SIGTERM.
 */
@ExtendWith(KubeTestEnvExtension.class)
class OperatorEntrypointTest {

  @TempDir Path work;

  @Test
  void entrypointRunsTheOperatorUntilSigterm(ControlPlane kube) throws IOException {
    installCrd(kube);
    String namespace = kube.createNamespace("image-operator", Map.of());
    int port = HostProcess.freePort();
    List<String> command =
        RuntimeEntrypointTest.append(
            Images.layout(Images.OPERATOR, work)
                // no training run here (it waits ~20 s for a cluster it cannot reach): the JVM
                // starts without the archive, as -Xshare:auto lets it
                .put(
                    RuntimeEntrypointTest.imageArchive(Images.operator()),
                    work.resolve("missing.jsa"))
                .translate(Images.operator().entrypoint()),
            "--http-port",
            Integer.toString(port));
    Map<String, String> env =
        Map.of(
            "KUBECONFIG",
            kube.kubeconfig().toString(),
            "WATCH_NAMESPACES",
            namespace,
            "LEADER_ELECTION",
            "false",
            "POD_NAMESPACE",
            namespace,
            "LOG_LEVEL",
            "INFO");

    try (HostProcess operator = HostProcess.start(command, env, work)) {
      operator.awaitHttpOk(port, "/readyz", Duration.ofSeconds(60));
      operator.awaitHttpOk(port, "/healthz", Duration.ofSeconds(10));
      operator.terminate();

      operator.awaitExit(Duration.ofSeconds(30));
      assertThat(operator.output()).contains("twistd-operator").doesNotContain(" DEBUG ");
    }
  }

  private static void installCrd(ControlPlane kube) {
    CrdInstaller.install(
        kube.client(), ProjectFiles.at("crds/twistedapplications.twistd.io-v1.yml"));
  }
}
