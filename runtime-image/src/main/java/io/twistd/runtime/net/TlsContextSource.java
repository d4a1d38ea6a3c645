package io.twistd.runtime.net;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.twistd.api.endpoint.SslEndpoint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * The TLS server context of one {@code ssl:} endpoint, read from its PEM files. Each new connection
 * takes {@link #current()}, so a {@link #reload()} after the files change (a rotated Secret)
 * reaches new handshakes without a restart; a broken pair is refused and the old one kept.
 *
 * <p>Thread-safe.
 */
public final class TlsContextSource {

  private final SslEndpoint endpoint;
  private final Path baseDirectory;
  private volatile SslContext current;

  /**
   * Reads the key pair at once.
   *
   * @param endpoint the endpoint whose files to read
   * @param baseDirectory what relative file names are relative to
   * @throws IllegalArgumentException when the files cannot be read or do not form a key pair
   */
  public TlsContextSource(SslEndpoint endpoint, Path baseDirectory) {
    this.endpoint = endpoint;
    this.baseDirectory = baseDirectory;
    this.current = load();
  }

  /** The context new connections use. */
  public SslContext current() {
    return current;
  }

  /**
   * Reads the files again and, when they form a valid key pair, makes it current.
   *
   * @throws IllegalArgumentException when they do not; the previous context stays current
   */
  public void reload() {
    current = load();
  }

  /** The files this source reads, for watching. */
  public java.util.List<Path> files() {
    java.util.List<Path> files = new java.util.ArrayList<>();
    files.add(resolve(endpoint.privateKey()));
    files.add(resolve(endpoint.certKey()));
    if (!endpoint.extraCertChain().isEmpty()) {
      files.add(resolve(endpoint.extraCertChain()));
    }
    return files.stream().distinct().toList();
  }

  private SslContext load() {
    try (InputStream chain = new ByteArrayInputStream(certificateChain());
        InputStream key = Files.newInputStream(resolve(endpoint.privateKey()))) {
      SslContext context = Objects.requireNonNull(SslContextBuilder.forServer(chain, key).build());
      checkPair(context);
      return context;
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot load the TLS key pair of " + endpoint.describe() + ": " + rootMessage(e), e);
    }
  }

  private void checkPair(SslContext context) {
    try {
      TlsPairCheck.handshake(context);
    } catch (SSLException e) {
      throw new IllegalArgumentException(
          "the private key does not match the certificate, or they cannot serve TLS (a trial"
              + " handshake failed: "
              + rootMessage(e)
              + ")",
          e);
    }
  }

  private byte[] certificateChain() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Files.readAllBytes(resolve(endpoint.certKey())));
    out.write('\n');
    if (!endpoint.extraCertChain().isEmpty()) {
      out.write(Files.readAllBytes(resolve(endpoint.extraCertChain())));
    }
    return out.toByteArray();
  }

  private Path resolve(String file) {
    return baseDirectory.resolve(file);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return e == root ? message : e.getMessage() + " (" + message + ")";
  }
}
