package io.twistd.operator.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.twistd.testenv.ServiceRouter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The end-to-end scenario on a real k3s in Docker, installed the way users install: both images
 * built from their Dockerfiles and loaded into k3s's containerd, the Helm chart installed with the
 * real Helm engine (two operator replicas, leader election), then the same scenario as {@link
 * ProcessNodeEndToEndTest}. This JVM reaches a pod through a port-forward to it, chosen from the
 * Service's ready EndpointSlice addresses as kube-proxy would choose.
 *
 * <p>Run with {@code mvn -B -Pk3s -DskipTests verify -pl operator -am} where a Docker engine runs;
 * without one it is skipped with that reason. The k3s image is {@code rancher/k3s:v1.34.1-k3s1}
 * unless {@code -Dtwistd.k3s.image} names another.
 */
@EnabledIf(
    value = "dockerAvailable",
    disabledReason =
        "no Docker engine here: the k3s end-to-end runs where one is"
            + " (mvn -B -Pk3s -DskipTests verify -pl operator -am)")
class K3sEndToEndIT extends EndToEndScenario {

  private static final Logger LOG = LoggerFactory.getLogger(K3sEndToEndIT.class);
  private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
  private static final String VERSION = "0.1.0";
  private static final String RUNTIME_IMAGE = "twistd/twistd-runtime:" + VERSION;
  private static final String OPERATOR_IMAGE = "twistd/twistd-operator:" + VERSION;
  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private static K3sContainer k3s;
  private static KubernetesClient client;
  private final Map<String, LocalPortForward> forwards = new ConcurrentHashMap<>();
  private String namespace;

  /**
   * Whether Testcontainers finds a Docker engine; the class is skipped, with its reason, if not.
   */
  static boolean dockerAvailable() {
    boolean available = DockerClientFactory.instance().isDockerAvailable();
    if (!available) {
      LOG.warn("K3sEndToEndIT skipped: no Docker engine here");
    }
    return available;
  }

  @BeforeAll
  static void k3sWithTheChart() throws Exception {
    build(RUNTIME_IMAGE, PROJECT.resolve("runtime-image/Dockerfile"));
    build(OPERATOR_IMAGE, PROJECT.resolve("operator/Dockerfile"));
    k3s =
        new K3sContainer(
            DockerImageName.parse(
                System.getProperty("twistd.k3s.image", "rancher/k3s:v1.34.1-k3s1")));
    k3s.start();
    load(RUNTIME_IMAGE);
    load(OPERATOR_IMAGE);
    Config config = Config.fromKubeconfig(k3s.getKubeConfigYaml());
    client = new KubernetesClientBuilder().withConfig(config).build();
    new Helm(PROJECT.resolve("helm/twistd-operator"))
        .install()
        .withName("twistd")
        .withNamespace("twistd-system")
        .createNamespace()
        .withKubeConfigContents(k3s.getKubeConfigYaml())
        .waitReady()
        .withTimeout(300)
        .call();
    LOG.info("k3s {} runs the chart", k3s.getDockerImageName());
  }

  @AfterAll
  static void stopK3s() {
    if (client != null) {
      client.close();
    }
    if (k3s != null) {
      k3s.stop();
    }
  }

  private static void build(String image, Path dockerfile) {
    LOG.info("building {} from {}", image, dockerfile);
    new ImageFromDockerfile(image, false).withDockerfile(dockerfile).get();
  }

  /** Puts {@code image} from the Docker engine into k3s's containerd, where pods find it. */
  private static void load(String image) throws IOException, InterruptedException {
    Path tar = Files.createTempFile("twistd-image-", ".tar");
    try {
      try (InputStream saved = DockerClientFactory.instance().client().saveImageCmd(image).exec()) {
        Files.copy(saved, tar, StandardCopyOption.REPLACE_EXISTING);
      }
      k3s.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/image.tar");
      exec("ctr", "-n", "k8s.io", "images", "import", "/tmp/image.tar");
    } finally {
      Files.deleteIfExists(tar);
    }
  }

  private static String exec(String... command) throws IOException, InterruptedException {
    Container.ExecResult result = k3s.execInContainer(command);
    assertThat(result.getExitCode())
        .as("%s: %s", String.join(" ", command), result.getStderr())
        .isZero();
    return result.getStdout();
  }

  @Override
  protected KubernetesClient client() {
    return client;
  }

  @Override
  protected String openNamespace(Map<String, String> labels) {
    namespace = "e2e-" + NAMESPACES.incrementAndGet();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
    return namespace;
  }

  @Override
  protected void closeNamespace(String closed) {
    forwards.values().forEach(this::closeQuietly);
    forwards.clear();
    client.namespaces().withName(closed).delete();
  }

  @Override
  protected String kubectl(String stdin, String... args) {
    List<String> command = new ArrayList<>(List.of("kubectl"));
    command.addAll(Arrays.asList(args));
    try {
      if (stdin != null) {
        String file = "/tmp/stdin-" + System.nanoTime() + ".yaml";
        k3s.copyFileToContainer(Transferable.of(stdin), file);
        command.replaceAll(arg -> arg.equals("-") ? file : arg);
      }
      return exec(command.toArray(String[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  protected URI reach(ServiceRouter.Destination destination) {
    LocalPortForward forward =
        forwards.computeIfAbsent(
            destination.podName(),
            pod ->
                client.pods().inNamespace(namespace).withName(pod).portForward(destination.port()));
    return URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/");
  }

  @Override
  protected Set<String> runningContainers(String ofNamespace) {
    return lines(crictl("ps", "-q", "--label", "io.kubernetes.pod.namespace=" + ofNamespace));
  }

  @Override
  protected void assertNodesKeepNothing(String ofNamespace) {
    assertThat(lines(crictl("pods", "-q", "--namespace", ofNamespace, "--state", "ready")))
        .isEmpty();
  }

  private String crictl(String... args) {
    List<String> command = new ArrayList<>(List.of("crictl"));
    command.addAll(Arrays.asList(args));
    try {
      return exec(command.toArray(String[]::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static Set<String> lines(String output) {
    return output.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.toSet());
  }

  private void closeQuietly(LocalPortForward forward) {
    try {
      forward.close();
    } catch (IOException e) {
      LOG.debug("closing a port-forward: {}", e.toString());
    }
  }
}
