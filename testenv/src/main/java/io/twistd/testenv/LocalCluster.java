package io.twistd.testenv;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.testenv.node.ContainerImages;
import io.twistd.testenv.node.ProcessNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code scripts/local-cluster up} runs this: a whole local Kubernetes without Docker — the test
 * control plane with its controller manager, a {@link ProcessNode} that runs every pod as a
 * process, the project's CRDs, and the operator's jar as a separate process — until SIGTERM.
 *
 * <p>Arguments: the state directory and the project's root. Once everything is up it writes {@code
 * kubeconfig} and then {@code ready} (the API server's URL) into the state directory; on SIGTERM it
 * stops the operator, the node's pods and the control plane, and removes both files.
 */
public final class LocalCluster {

  private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
  private static final Duration OPERATOR_STARTUP = Duration.ofSeconds(120);

  private final Path state;
  private final Path project;
  private ControlPlane controlPlane;
  private ProcessNode node;
  private ManagedProcess operator;

  private LocalCluster(Path state, Path project) {
    this.state = state;
    this.project = project;
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 2) {
      LOG.error("usage: LocalCluster STATE_DIR PROJECT_ROOT");
      System.exit(2);
    }
    LocalCluster cluster =
        new LocalCluster(Path.of(args[0]).toAbsolutePath(), Path.of(args[1]).toAbsolutePath());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  cluster.stop();
                  stopped.countDown();
                },
                "local-cluster-stop"));
    try {
      cluster.start();
    } catch (RuntimeException e) {
      LOG.error("the local cluster did not start", e);
      System.exit(1);
    }
    stopped.await();
  }

  private void start() {
    controlPlane = ControlPlane.start();
    controlPlane.startControllerManager();
    installCrds(controlPlane.client());
    ContainerImages images =
        ContainerImages.of(
            Map.of(ContainerImages.TWISTD_RUNTIME, ContainerImages.twistdRuntime(project)));
    node =
        ProcessNode.start(
            controlPlane.client(), ProcessNode.Settings.of("local-node", null, images));
    startOperator();
    writeState();
    LOG.info("local cluster ready: API server {}", controlPlane.url());
  }

  private void installCrds(KubernetesClient client) {
    try (Stream<Path> files = Files.list(project.resolve("crds"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
        LOG.info("installed CRD {}", CrdInstaller.install(client, file).getMetadata().getName());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CRDs under " + project.resolve("crds"), e);
    }
  }

  private void startOperator() {
    Path jar = project.resolve("operator/target/twistd-operator.jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: build it with 'mvn -DskipTests package'");
    }
    int port = ManagedProcess.freeLoopbackPort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    operator =
        ManagedProcess.start(
            "twistd-operator",
            List.of(
                java,
                "-Dkubeconfig=" + controlPlane.kubeconfig(),
                "-jar",
                jar.toString(),
                "--no-leader-election",
                "--http-port=" + port),
            state.resolve("operator.log"));
    HttpProbe probe = HttpProbe.plain();
    operator.awaitReady(
        OPERATOR_STARTUP, () -> probe.answers("http://127.0.0.1:" + port + "/readyz", ""));
  }

  private void writeState() {
    try {
      Files.copy(
          controlPlane.kubeconfig(),
          state.resolve("kubeconfig"),
          StandardCopyOption.REPLACE_EXISTING);
      Files.writeString(state.resolve("ready"), controlPlane.url() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the state under " + state, e);
    }
  }

  private synchronized void stop() {
    LOG.info("stopping the local cluster");
    try {
      Files.deleteIfExists(state.resolve("ready"));
      Files.deleteIfExists(state.resolve("kubeconfig"));
    } catch (IOException e) {
      LOG.warn("cannot clear {}: {}", state, e.toString());
    }
    if (operator != null) {
      operator.close();
    }
    if (node != null) {
      node.close();
    }
    if (controlPlane != null) {
      controlPlane.close();
    }
  }
}
