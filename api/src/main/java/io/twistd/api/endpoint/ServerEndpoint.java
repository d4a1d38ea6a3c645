package io.twistd.api.endpoint;

import java.util.Optional;

/**
 * A server endpoint a service listens on, parsed from a Twisted description string such as {@code
 * tcp:8080:interface=127.0.0.1}, {@code tcp6:8080}, {@code
 * ssl:8443:privateKey=/etc/tls/tls.key:certKey=/etc/tls/tls.crt} or {@code unix:/tmp/s.sock}.
 *
 * <p>Instances are immutable values; {@link #describe()} gives back a description that {@link
 * ServerEndpoints#parse} reads to an equal value.
 */
public sealed interface ServerEndpoint permits TcpEndpoint, SslEndpoint, UnixEndpoint {

  /** The description string in its canonical form. */
  String describe();

  /** The TCP port, when this endpoint listens on TCP (plain or TLS); empty for UNIX sockets. */
  Optional<Integer> tcpPort();
}
