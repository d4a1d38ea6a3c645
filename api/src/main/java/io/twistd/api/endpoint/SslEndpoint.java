package io.twistd.api.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A TLS listener: {@code ssl:PORT:privateKey=KEY.pem[:certKey=CERT.pem][:interface=ADDR]
 * [:backlog=N][:extraCertChain=CHAIN.pem]}. As in Twisted, the certificate is read from the private
 * key file when {@code certKey} is absent.
 *
 * @param tcp the underlying TCP listener
 * @param privateKey path of the PEM private key
 * @param certKey path of the PEM certificate
 * @param extraCertChain path of PEM intermediate certificates, or empty
 */
public record SslEndpoint(TcpEndpoint tcp, String privateKey, String certKey, String extraCertChain)
    implements ServerEndpoint {

  /**
   * @throws IllegalArgumentException when {@code tcp} is a {@code tcp6} listener (an {@code ssl}
   *     string cannot say so; give an IPv6 interface instead) or a key path is empty
   */
  public SslEndpoint {
    Objects.requireNonNull(extraCertChain, "extraCertChain");
    if (tcp.ipv6()) {
      throw new IllegalArgumentException(
          "an ssl endpoint has no tcp6 form; bind an IPv6 interface instead");
    }
    if (privateKey.isEmpty() || certKey.isEmpty()) {
      throw new IllegalArgumentException("privateKey and certKey must not be empty");
    }
  }

  @Override
  public Optional<Integer> tcpPort() {
    return Optional.of(tcp.port());
  }

  @Override
  public String describe() {
    Map<String, String> kwargs = new LinkedHashMap<>();
    kwargs.put("privateKey", privateKey);
    if (!certKey.equals(privateKey)) {
      kwargs.put("certKey", certKey);
    }
    if (!extraCertChain.isEmpty()) {
      kwargs.put("extraCertChain", extraCertChain);
    }
    if (!tcp.bindInterface().isEmpty()) {
      kwargs.put("interface", tcp.bindInterface());
    }
    if (tcp.backlog() != TcpEndpoint.DEFAULT_BACKLOG) {
      kwargs.put("backlog", Integer.toString(tcp.backlog()));
    }
    return new EndpointDescription("ssl", List.of(Integer.toString(tcp.port())), kwargs).toString();
  }
}
