package io.twistd.testenv;

import static java.net.HttpURLConnection.HTTP_CONFLICT;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes control plane for tests: etcd and kube-apiserver (RBAC and Node authorization,
 * Pod Security admission, service-account tokens), and kube-controller-manager when a test asks for
 * it. Everything listens on free ports of 127.0.0.1 and keeps its data in a temporary directory
 * that {@link #close()} removes (a failed start leaves it, with the logs).
 *
 * <p>There is no kubelet and no scheduler: a {@link NodeAgent} plays both. Binaries come from
 * {@code scripts/testenv} (see {@link TestEnvBinaries}).
 *
 * <p>Thread-safe. Starting takes a few seconds, so share one instance (see {@link
 * KubeTestEnvExtension}); tests keep apart by working in their own namespaces ({@link
 * #createNamespace}).
 */
public final class ControlPlane implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
  private static final long TOKEN_SECONDS = 3600;
  private static final List<String> SERVING_NAMES =
      List.of(
          "localhost",
          "kubernetes",
          "kubernetes.default",
          "kubernetes.default.svc",
          "kubernetes.default.svc.cluster.local");
  private static final AtomicInteger NAMESPACE_SEQUENCE = new AtomicInteger();

  private final TestEnvBinaries binaries;
  private final WorkDirectory workDir;
  private final TestPki pki;
  private final TestPki.CertFiles admin;
  private final TestPki.KeyFiles serviceAccountKeys;
  private final Thread shutdownHook = new Thread(this::close, "testenv-shutdown");
  private volatile ManagedProcess etcd;
  private volatile ManagedProcess apiServer;
  private volatile ManagedProcess controllerManager;
  private String url;
  private Path kubeconfig;
  private ClientFactory clients;
  private KubernetesClient client;
  private boolean closed;

  private ControlPlane(TestEnvBinaries binaries, WorkDirectory workDir) {
    this.binaries = binaries;
    this.workDir = workDir;
    this.pki = TestPki.create(workDir.directory("pki"));
    this.admin = pki.issueClient("admin", "twistd-testenv-admin", "system:masters");
    this.serviceAccountKeys = pki.newKeyFiles("service-account");
  }

  /** Starts a control plane from the binaries {@link TestEnvBinaries#locate()} finds. */
  public static ControlPlane start() {
    return start(TestEnvBinaries.locate());
  }

  /**
   * Starts etcd and kube-apiserver and returns once the API server is ready and the {@code default}
   * namespace exists.
   *
   * @throws IllegalStateException when a binary is missing or a process does not become ready; the
   *     message holds the end of its log
   */
  public static ControlPlane start(TestEnvBinaries binaries) {
    binaries.kubeApiServer();
    binaries.etcd();
    ControlPlane controlPlane = new ControlPlane(binaries, WorkDirectory.create("twistd-testenv-"));
    try {
      controlPlane.boot();
      return controlPlane;
    } catch (RuntimeException e) {
      controlPlane.abandon();
      throw e;
    }
  }

  private void boot() {
    long started = System.nanoTime();
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    int etcdPort = ManagedProcess.freeLoopbackPort();
    etcd =
        ManagedProcess.start(
            "etcd",
            ControlPlaneCommands.etcd(
                binaries.etcd(), workDir.file("etcd"), etcdPort, ManagedProcess.freeLoopbackPort()),
            workDir.file("etcd.log"));
    HttpProbe plain = HttpProbe.plain();
    etcd.awaitReady(
        STARTUP_TIMEOUT, () -> plain.answers("http://127.0.0.1:" + etcdPort + "/health", "true"));

    int apiPort = ManagedProcess.freeLoopbackPort();
    url = "https://127.0.0.1:" + apiPort;
    ControlPlaneCommands.ApiServerFiles files =
        new ControlPlaneCommands.ApiServerFiles(
            workDir.directory("apiserver"),
            pki.issueServing("kube-apiserver", SERVING_NAMES),
            pki.caCertificate(),
            serviceAccountKeys);
    apiServer =
        ManagedProcess.start(
            "kube-apiserver",
            ControlPlaneCommands.apiServer(binaries.kubeApiServer(), files, etcdPort, apiPort),
            workDir.file("kube-apiserver.log"));
    HttpProbe tls = HttpProbe.trusting(pki.caCertificate());
    apiServer.awaitReady(STARTUP_TIMEOUT, () -> tls.answers(url + "/readyz", "ok"));

    kubeconfig =
        Kubeconfig.write(workDir.file("admin.kubeconfig"), url, pki.caCertificate(), admin);
    clients = new ClientFactory(url, pki.caCertificate(), admin);
    client = ClientFactory.build(clients.adminConfig());
    apiServer.awaitReady(
        STARTUP_TIMEOUT, () -> client.namespaces().withName("default").get() != null);
    LOG.info(
        "Kubernetes {} control plane ready at {} in {} ms (work dir {})",
        binaries.version(),
        url,
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        workDir.root());
  }

  /** The binaries this control plane runs. */
  public TestEnvBinaries binaries() {
    return binaries;
  }

  /** The API server's URL, e.g. {@code https://127.0.0.1:41234}. */
  public String url() {
    return url;
  }

  /** A kubeconfig file for the admin identity, for kubectl, helm or a process under test. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /**
   * A client for the admin identity (group {@code system:masters}). It belongs to this control
   * plane: do not close it.
   */
  public KubernetesClient client() {
    return client;
  }

  /** A new client configuration for the admin identity, e.g. for an operator under test. */
  public Config adminConfig() {
    return clients.adminConfig();
  }

  /**
   * A new client that authenticates as a ServiceAccount, with a one-hour token from the
   * TokenRequest API. The ServiceAccount must exist. The caller closes the client.
   */
  public KubernetesClient serviceAccountClient(String namespace, String serviceAccount) {
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withExpirationSeconds(TOKEN_SECONDS)
            .endSpec()
            .build();
    String token =
        client
            .serviceAccounts()
            .inNamespace(namespace)
            .withName(serviceAccount)
            .tokenRequest(request)
            .getStatus()
            .getToken();
    return clients.withToken(namespace, token);
  }

  /**
   * A new client that acts as {@code user} in {@code groups} through impersonation by the admin.
   * The caller closes the client.
   */
  public KubernetesClient impersonatingClient(String user, String... groups) {
    return clients.impersonating(user, groups);
  }

  /**
   * Creates a namespace named {@code prefix-N} with {@code labels}, and its {@code default}
   * ServiceAccount (which, without the controller manager, nothing else would create), and returns
   * its name.
   */
  public String createNamespace(String prefix, Map<String, String> labels) {
    String name = prefix + "-" + NAMESPACE_SEQUENCE.incrementAndGet();
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build())
        .create();
    try {
      client
          .serviceAccounts()
          .inNamespace(name)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName("default")
                  .endMetadata()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HTTP_CONFLICT) {
        throw e;
      }
      // the controller manager's service-account controller was quicker
    }
    return name;
  }

  /**
   * Starts kube-controller-manager unless it runs already, and returns once its controllers work
   * (its service-account controller has recreated a deleted ServiceAccount). Idempotent; it then
   * runs until {@link #close()}.
   *
   * @throws IllegalStateException when the binary is missing or the process does not become ready
   */
  public synchronized void startControllerManager() {
    if (controllerManager != null && controllerManager.isAlive()) {
      return;
    }
    Path config =
        Kubeconfig.write(
            workDir.file("controller-manager.kubeconfig"), url, pki.caCertificate(), admin);
    controllerManager =
        ManagedProcess.start(
            "kube-controller-manager",
            ControlPlaneCommands.controllerManager(
                binaries.kubeControllerManager(),
                config,
                serviceAccountKeys.privateKey(),
                pki.caCertificate()),
            workDir.file("kube-controller-manager.log"));
    String probe = createNamespace("kcm-probe", Map.of());
    client.serviceAccounts().inNamespace(probe).withName("default").delete();
    controllerManager.awaitReady(
        STARTUP_TIMEOUT,
        () -> client.serviceAccounts().inNamespace(probe).withName("default").get() != null);
  }

  /** Stops every process and removes the work directory. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (client != null) {
      client.close();
    }
    stopProcesses();
    workDir.delete();
    removeShutdownHook();
  }

  /** Stops what a failed start left running, keeping the work directory and its logs. */
  private void abandon() {
    synchronized (this) {
      closed = true;
    }
    if (client != null) {
      client.close();
    }
    stopProcesses();
    removeShutdownHook();
  }

  private void stopProcesses() {
    for (ManagedProcess process : new ManagedProcess[] {controllerManager, apiServer, etcd}) {
      if (process != null) {
        process.close();
      }
    }
  }

  private void removeShutdownHook() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down, and this may be the hook itself
    }
  }
}
