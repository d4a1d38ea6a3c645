package io.twistd.testenv;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anonymous HTTP(S) health probes ({@code /health} of etcd, {@code /readyz} of the API server).
 *
 * <p>Thread-safe. A probe never throws: an unreachable or unhealthy endpoint is "not ready".
 */
final class HttpProbe {

  private static final Logger LOG = LoggerFactory.getLogger(HttpProbe.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final HttpClient http;

  private HttpProbe(HttpClient http) {
    this.http = http;
  }

  /** A probe for plain HTTP endpoints. */
  static HttpProbe plain() {
    return new HttpProbe(newClient().build());
  }

  /** A probe for HTTPS endpoints whose certificates {@code caCertificate} signed. */
  static HttpProbe trusting(Path caCertificate) {
    try (InputStream in = Files.newInputStream(caCertificate)) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, factory.getTrustManagers(), null);
      return new HttpProbe(newClient().sslContext(tls).build());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust " + caCertificate, e);
    }
  }

  private static HttpClient.Builder newClient() {
    // HTTP/1.1: the API server answers anonymous HTTP/2 requests with GOAWAY, which JDK 17's
    // client reports as a failed request
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT);
  }

  /** Whether {@code url} answers 200 with a body that contains {@code expected}. */
  boolean answers(String url, String expected) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains(expected);
    } catch (IOException e) {
      LOG.debug("{} not ready: {}", url, e.toString());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
