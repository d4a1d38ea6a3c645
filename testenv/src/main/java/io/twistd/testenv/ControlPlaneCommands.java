package io.twistd.testenv;

import java.nio.file.Path;
import java.util.List;

/**
 * The command lines of the control-plane processes. Everything listens on 127.0.0.1 only.
 *
 * <p>Stateless; kept apart from {@link ControlPlane} so the flags read as one list each.
 */
final class ControlPlaneCommands {

  /** The issuer of service-account tokens, as in a kubeadm cluster. */
  static final String SERVICE_ACCOUNT_ISSUER = "https://kubernetes.default.svc.cluster.local";

  private ControlPlaneCommands() {}

  /** A single-member etcd that keeps its data in {@code dataDir} and skips fsync (tests only). */
  static List<String> etcd(Path binary, Path dataDir, int clientPort, int peerPort) {
    String client = "http://127.0.0.1:" + clientPort;
    String peer = "http://127.0.0.1:" + peerPort;
    return List.of(
        binary.toString(),
        "--name=default",
        "--data-dir=" + dataDir,
        "--listen-client-urls=" + client,
        "--advertise-client-urls=" + client,
        "--listen-peer-urls=" + peer,
        "--initial-advertise-peer-urls=" + peer,
        "--initial-cluster=default=" + peer,
        "--unsafe-no-fsync=true",
        "--log-level=warn");
  }

  /** The files the API server reads. */
  record ApiServerFiles(
      Path certDir, TestPki.CertFiles serving, Path clientCa, TestPki.KeyFiles serviceAccount) {}

  /**
   * A kube-apiserver with RBAC and Node authorization, the PodSecurity and NodeRestriction
   * admission plugins, and service-account token signing.
   */
  static List<String> apiServer(Path binary, ApiServerFiles files, int etcdPort, int securePort) {
    return List.of(
        binary.toString(),
        "--etcd-servers=http://127.0.0.1:" + etcdPort,
        "--bind-address=127.0.0.1",
        "--advertise-address=127.0.0.1",
        "--secure-port=" + securePort,
        "--cert-dir=" + files.certDir(),
        "--tls-cert-file=" + files.serving().certificate(),
        "--tls-private-key-file=" + files.serving().privateKey(),
        "--client-ca-file=" + files.clientCa(),
        "--authorization-mode=Node,RBAC",
        "--enable-admission-plugins=NodeRestriction,PodSecurity",
        // privileged pods are allowed by the server, so Pod Security is what refuses them
        "--allow-privileged=true",
        "--service-account-issuer=" + SERVICE_ACCOUNT_ISSUER,
        "--service-account-key-file=" + files.serviceAccount().publicKey(),
        "--service-account-signing-key-file=" + files.serviceAccount().privateKey(),
        "--service-cluster-ip-range=10.96.0.0/16",
        // no real network: do not publish the API server's address as the kubernetes Service
        "--endpoint-reconciler-type=none",
        "--profiling=false");
  }

  /**
   * A kube-controller-manager (Deployments, ReplicaSets, garbage collection, namespaces, service
   * accounts, nodes, …) that serves nothing and does not elect a leader.
   */
  static List<String> controllerManager(
      Path binary, Path kubeconfig, Path serviceAccountKey, Path rootCa) {
    return List.of(
        binary.toString(),
        "--kubeconfig=" + kubeconfig,
        "--leader-elect=false",
        "--secure-port=0",
        "--service-account-private-key-file=" + serviceAccountKey,
        "--root-ca-file=" + rootCa,
        "--use-service-account-credentials=false",
        "--controllers=*");
  }
}
