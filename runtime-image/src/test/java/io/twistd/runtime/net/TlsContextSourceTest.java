package io.twistd.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.ssl.SslContext;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.twistd.api.endpoint.ServerEndpoints;
import io.twistd.api.endpoint.SslEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TlsContextSource}: reads a key pair, reloads it, refuses a pair that cannot serve. */
class TlsContextSourceTest {

  private static final SslEndpoint ENDPOINT =
      (SslEndpoint) ServerEndpoints.parse("ssl:0:privateKey=key.pem:certKey=cert.pem");

  @TempDir Path dir;

  private static X509Bundle selfSigned(String subject) throws Exception {
    return new CertificateBuilder()
        .subject(subject)
        .setIsCertificateAuthority(true)
        .buildSelfSigned();
  }

  private void write(X509Bundle certificate, X509Bundle key) throws Exception {
    Files.writeString(dir.resolve("cert.pem"), certificate.getCertificatePEM());
    Files.writeString(dir.resolve("key.pem"), key.getPrivateKeyPEM());
  }

  @Test
  void reloadPutsTheNewPairInForce() throws Exception {
    X509Bundle first = selfSigned("CN=first");
    write(first, first);
    TlsContextSource source = new TlsContextSource(ENDPOINT, dir);
    SslContext before = source.current();
    X509Bundle second = selfSigned("CN=second");
    write(second, second);

    source.reload();

    assertThat(source.current()).isNotSameAs(before);
  }

  @Test
  void refusesACertificateWithAnotherKeyAndKeepsThePreviousPair() throws Exception {
    X509Bundle first = selfSigned("CN=first");
    write(first, first);
    TlsContextSource source = new TlsContextSource(ENDPOINT, dir);
    SslContext before = source.current();
    write(selfSigned("CN=second"), selfSigned("CN=third"));

    assertThatThrownBy(source::reload)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot load the TLS key pair of " + ENDPOINT.describe())
        .hasMessageContaining("the private key does not match the certificate");
    assertThat(source.current()).isSameAs(before);
  }

  @Test
  void refusesAKeyFileThatIsNotPem() throws Exception {
    X509Bundle first = selfSigned("CN=first");
    write(first, first);
    TlsContextSource source = new TlsContextSource(ENDPOINT, dir);
    Files.writeString(dir.resolve("key.pem"), "not a key\n");

    assertThatThrownBy(source::reload).isInstanceOf(IllegalArgumentException.class);
  }
}
