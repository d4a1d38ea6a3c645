package io.twistd.testenv;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;

/**
 * Makes Fabric8 clients for one API server: as the admin (a client certificate), with a bearer
 * token, or impersonating a user. Configurations never read {@code ~/.kube/config} or the
 * environment.
 *
 * <p>Immutable and thread-safe; each call returns a new configuration or client.
 */
final class ClientFactory {

  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  private static final int REQUEST_TIMEOUT_MILLIS = 30_000;

  private final String url;
  private final Path caCertificate;
  private final TestPki.CertFiles admin;

  ClientFactory(String url, Path caCertificate, TestPki.CertFiles admin) {
    this.url = url;
    this.caCertificate = caCertificate;
    this.admin = admin;
  }

  /** A configuration for the admin's client certificate. */
  Config adminConfig() {
    return base()
        .withClientCertFile(admin.certificate().toString())
        .withClientKeyFile(admin.privateKey().toString())
        .withClientKeyAlgo("RSA")
        .build();
  }

  /** A new client that sends {@code token}, with {@code namespace} as its default namespace. */
  KubernetesClient withToken(String namespace, String token) {
    return build(base().withNamespace(namespace).withOauthToken(token).build());
  }

  /** A new client that acts as {@code user} in {@code groups} through the admin. */
  KubernetesClient impersonating(String user, String... groups) {
    Config config = adminConfig();
    config.setImpersonateUsername(user);
    config.setImpersonateGroups(groups);
    return build(config);
  }

  /** A new client for {@code config}. */
  static KubernetesClient build(Config config) {
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private ConfigBuilder base() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withCaCertFile(caCertificate.toString())
        .withNamespace("default")
        .withConnectionTimeout(CONNECT_TIMEOUT_MILLIS)
        .withRequestTimeout(REQUEST_TIMEOUT_MILLIS);
  }
}
