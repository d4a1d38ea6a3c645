package io.twistd.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.internal.SSLUtils;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.KubeTestEnvExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The TLS cipher suites of the operator image's JVM flags ({@code src/main/jvm/jvm.options}): every
 * one is known to this JDK, and a real kube-apiserver, offered them in that order, picks
 * ChaCha20-Poly1305, which the C1-only JIT of those flags runs far cheaper than AES-GCM.
 */
@ExtendWith(KubeTestEnvExtension.class)
class JvmOptionsTlsTest {

  private static final Path JVM_OPTIONS = Path.of("src/main/jvm/jvm.options");
  private static final String CIPHER_SUITES = "-Djdk.tls.client.cipherSuites=";

  @Test
  void theApiServerChoosesChaCha20FromTheOperatorsCipherSuites(ControlPlane kube) throws Exception {
    List<String> suites = cipherSuites();
    URI server = URI.create(kube.url());

    try (SSLSocket socket =
        (SSLSocket)
            SSLUtils.sslContext(kube.adminConfig())
                .getSocketFactory()
                .createSocket(server.getHost(), server.getPort())) {
      // what the JDK does with jdk.tls.client.cipherSuites: these suites, in this order
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setCipherSuites(suites.toArray(String[]::new));
      socket.setSSLParameters(parameters);
      socket.startHandshake();

      assertThat(socket.getSession().getCipherSuite()).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
    }
  }

  @Test
  void everyCipherSuiteIsOneThisJdkSupports() throws Exception {
    List<String> supported =
        List.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());

    assertThat(cipherSuites()).isNotEmpty().allMatch(supported::contains);
  }

  private static List<String> cipherSuites() throws Exception {
    return Files.readAllLines(JVM_OPTIONS).stream()
        .filter(line -> line.startsWith(CIPHER_SUITES))
        .map(line -> line.substring(CIPHER_SUITES.length()))
        .flatMap(value -> Arrays.stream(value.split(",")))
        .toList();
  }
}
