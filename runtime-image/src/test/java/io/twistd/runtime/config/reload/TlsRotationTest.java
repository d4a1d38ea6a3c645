package io.twistd.runtime.config.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.twistd.runtime.net.ListeningService;
import io.twistd.runtime.testing.AtomicWriterVolume;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rotated TLS Secret (written by Kubernetes' atomic writer) reaches new handshakes without a
 * restart, as a real JDK client sees it; open connections keep going; a broken pair is refused and
 * the pair in force kept.
 */
class TlsRotationTest {

  private static X509Bundle certA;
  private static X509Bundle certB;
  private static X509Bundle certC;

  @TempDir Path dir;

  private ReloadingRuntime app;

  @BeforeAll
  static void certificates() throws Exception {
    certA = selfSigned("CN=cert-a");
    certB = selfSigned("CN=cert-b");
    certC = selfSigned("CN=cert-c");
  }

  private static X509Bundle selfSigned(String subject) throws Exception {
    return new CertificateBuilder()
        .subject(subject)
        .addSanIpAddress("127.0.0.1")
        .setIsCertificateAuthority(true)
        .buildSelfSigned();
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.close();
    }
  }

  private AtomicWriterVolume secret() throws IOException {
    return new AtomicWriterVolume(Files.createDirectories(dir.resolve("secrets/tls")));
  }

  private static Map<String, String> pair(X509Bundle certificate, X509Bundle key) {
    return Map.of("tls.crt", certificate.getCertificatePEM(), "tls.key", key.getPrivateKeyPEM());
  }

  private void start() throws IOException {
    Files.writeString(Files.createDirectories(dir.resolve("site")).resolve("index.html"), "secure");
    secret().write(pair(certA, certA));
    app =
        ReloadingRuntime.start(
            dir,
            FileChange.ATOMIC_WRITER,
            """
            application: tls
            admin: {listen: "tcp:0:interface=127.0.0.1"}
            services:
              - name: web
                type: web
                listen: ["ssl:0:interface=127.0.0.1:privateKey=secrets/tls/tls.key:certKey=secrets/tls/tls.crt"]
                options: {path: site}
            """);
  }

  private InetSocketAddress web() {
    ListeningService web = (ListeningService) app.runtime().application().getServiceNamed("web");
    return (InetSocketAddress) web.boundAddresses().get(0);
  }

  /** A new connection, with a new client context (no session to resume), handshake done. */
  private SSLSocket connect() throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    trusted.setCertificateEntry("a", certA.getCertificate());
    trusted.setCertificateEntry("b", certB.getCertificate());
    trusted.setCertificateEntry("c", certC.getCertificate());
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    InetSocketAddress address = web();
    SSLSocket socket =
        (SSLSocket)
            context.getSocketFactory().createSocket(address.getAddress(), address.getPort());
    socket.setSoTimeout(10_000);
    socket.startHandshake();
    return socket;
  }

  private static String subject(SSLSocket socket) throws Exception {
    return ((X509Certificate) socket.getSession().getPeerCertificates()[0])
        .getSubjectX500Principal()
        .getName();
  }

  private String subjectOfANewConnection() throws Exception {
    try (SSLSocket socket = connect()) {
      return subject(socket);
    }
  }

  /** One keep-alive GET / on {@code socket}; the body. */
  private static String get(SSLSocket socket) throws IOException {
    socket
        .getOutputStream()
        .write("GET / HTTP/1.1\r\nHost: test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before a response");
      }
      head.write(b);
    }
    int length = 0;
    for (String line : head.toString(StandardCharsets.US_ASCII).split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  @Test
  void newHandshakesUseTheRotatedPairWhileAnOpenConnectionKeepsGoing() throws Exception {
    start();
    try (SSLSocket open = connect()) {
      assertThat(subject(open)).isEqualTo("CN=cert-a");
      assertThat(get(open)).isEqualTo("secure");

      secret().write(pair(certB, certB));

      await().atMost(Duration.ofSeconds(10)).until(() -> app.tlsReloads("applied") == 1);
      assertThat(subjectOfANewConnection()).isEqualTo("CN=cert-b");
      assertThat(get(open)).isEqualTo("secure");
      assertThat(subject(open)).isEqualTo("CN=cert-a");
      assertThat(app.status().get("lastTlsReloadError").isNull()).isTrue();
    }
  }

  @Test
  void aBrokenPairIsRefusedReportedAndThePairInForceKept() throws Exception {
    start();
    secret().write(pair(certB, certB));
    await().atMost(Duration.ofSeconds(10)).until(() -> app.tlsReloads("applied") == 1);

    secret().write(pair(certC, certB)); // C's certificate with B's key

    await().atMost(Duration.ofSeconds(10)).until(() -> app.tlsReloads("failed") == 1);
    assertThat(subjectOfANewConnection()).isEqualTo("CN=cert-b");
    String error = app.status().get("lastTlsReloadError").get("message").asText();
    assertThat(error)
        .startsWith("'web': cannot load the TLS key pair of ssl:0:")
        .contains("the private key does not match the certificate");
    assertThat(app.admin("/metrics"))
        .contains("twistd_tls_reloads_total{outcome=\"failed\"} 1.0")
        .contains("twistd_tls_reloads_total{outcome=\"applied\"} 1.0");

    secret().write(Map.of("tls.crt", certC.getCertificatePEM(), "tls.key", "not a key\n"));

    await().atMost(Duration.ofSeconds(10)).until(() -> app.tlsReloads("failed") == 2);
    assertThat(subjectOfANewConnection()).isEqualTo("CN=cert-b");

    secret().write(pair(certC, certC));

    await().atMost(Duration.ofSeconds(10)).until(() -> app.tlsReloads("applied") == 2);
    assertThat(subjectOfANewConnection()).isEqualTo("CN=cert-c");
    assertThat(app.status().get("lastTlsReloadError").isNull()).isTrue();
  }

  @Test
  void sighupReloadsThePairEvenWithoutAFileEvent() throws Exception {
    start();

    app.reloader().reloadNow("SIGHUP").join();

    assertThat(app.tlsReloads("applied")).isEqualTo(1);
    assertThat(subjectOfANewConnection()).isEqualTo("CN=cert-a");
  }
}
