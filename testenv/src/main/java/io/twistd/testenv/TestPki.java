package io.twistd.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for one control plane: it issues the API server's serving
 * certificate and client certificates, and makes the service-account signing key pair. Every file
 * is PEM, written into the directory given at creation.
 *
 * <p>Not thread-safe; used while a control plane starts.
 */
final class TestPki {

  private static final Duration VALIDITY = Duration.ofDays(30);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path directory;
  private final KeyPair caKeys;
  private final X509Certificate caCertificate;
  private final Path caCertificateFile;

  /** A certificate and its private key, as files. */
  record CertFiles(Path certificate, Path privateKey) {}

  /** A key pair as files: the private key and its public half. */
  record KeyFiles(Path privateKey, Path publicKey) {}

  private TestPki(Path directory, KeyPair caKeys, X509Certificate caCertificate) {
    this.directory = directory;
    this.caKeys = caKeys;
    this.caCertificate = caCertificate;
    this.caCertificateFile = directory.resolve("ca.crt");
    writePem(caCertificateFile, caCertificate);
  }

  /** Creates a new CA whose files go into {@code directory}. */
  static TestPki create(Path directory) {
    KeyPair keys = newKeyPair();
    X500Name name = name("twistd-testenv-ca");
    X509v3CertificateBuilder builder = builder(name, name, keys);
    addExtension(builder, Extension.basicConstraints, new BasicConstraints(true));
    addExtension(
        builder,
        Extension.keyUsage,
        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
    return new TestPki(directory, keys, sign(builder, keys));
  }

  /** The CA certificate file, to be trusted by clients and given to servers as client CA. */
  Path caCertificate() {
    return caCertificateFile;
  }

  /** Issues a serving certificate for loopback: {@code 127.0.0.1}, {@code localhost}, … */
  CertFiles issueServing(String fileName, List<String> dnsNames) {
    KeyPair keys = newKeyPair();
    List<GeneralName> alternativeNames = new ArrayList<>();
    alternativeNames.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
    dnsNames.forEach(dns -> alternativeNames.add(new GeneralName(GeneralName.dNSName, dns)));
    X509v3CertificateBuilder builder =
        leaf(name(dnsNames.get(0)), keys, KeyPurposeId.id_kp_serverAuth);
    addExtension(
        builder,
        Extension.subjectAlternativeName,
        new GeneralNames(alternativeNames.toArray(GeneralName[]::new)));
    return write(fileName, sign(builder, caKeys), keys);
  }

  /**
   * Issues a client certificate. Kubernetes reads the user from the common name and the groups from
   * the organizations.
   */
  CertFiles issueClient(String fileName, String user, String... groups) {
    KeyPair keys = newKeyPair();
    X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
    for (String group : groups) {
      subject.addRDN(BCStyle.O, group);
    }
    subject.addRDN(BCStyle.CN, user);
    return write(
        fileName, sign(leaf(subject.build(), keys, KeyPurposeId.id_kp_clientAuth), caKeys), keys);
  }

  /** Makes an RSA key pair, e.g. for signing service-account tokens. */
  KeyFiles newKeyFiles(String fileName) {
    KeyPair keys = newKeyPair();
    Path privateKey = directory.resolve(fileName + ".key");
    Path publicKey = directory.resolve(fileName + ".pub");
    writePem(privateKey, keys.getPrivate());
    writePem(publicKey, keys.getPublic());
    return new KeyFiles(privateKey, publicKey);
  }

  private X509v3CertificateBuilder leaf(X500Name subject, KeyPair keys, KeyPurposeId purpose) {
    X509v3CertificateBuilder builder =
        builder(
            X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()),
            subject,
            keys);
    addExtension(builder, Extension.basicConstraints, new BasicConstraints(false));
    addExtension(
        builder,
        Extension.keyUsage,
        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
    addExtension(builder, Extension.extendedKeyUsage, new ExtendedKeyUsage(purpose));
    return builder;
  }

  private CertFiles write(String fileName, X509Certificate certificate, KeyPair keys) {
    Path certificateFile = directory.resolve(fileName + ".crt");
    Path keyFile = directory.resolve(fileName + ".key");
    writePem(certificateFile, certificate);
    writePem(keyFile, keys.getPrivate());
    return new CertFiles(certificateFile, keyFile);
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(63, RANDOM),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(VALIDITY)),
        subject,
        keys.getPublic());
  }

  private static void addExtension(
      X509v3CertificateBuilder builder, ASN1ObjectIdentifier oid, ASN1Encodable value) {
    boolean critical = oid.equals(Extension.basicConstraints) || oid.equals(Extension.keyUsage);
    try {
      builder.addExtension(oid, critical, value);
    } catch (CertIOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a test certificate", e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is not available", e);
    }
  }

  private static void writePem(Path file, Object object) {
    try (Writer writer = Files.newBufferedWriter(file);
        JcaPEMWriter pem = new JcaPEMWriter(writer)) {
      pem.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
