package io.twistd.runtime.builtin.wire;

import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.ServiceFixture;
import java.io.IOException;
import java.net.Socket;

/** Opens blocking loopback connections to a started service, for the wire protocol tests. */
final class WireClient {

  private WireClient() {}

  /** A connection to {@code service} whose reads give up after five seconds. */
  static Socket connect(Service service) throws IOException {
    Socket socket = new Socket();
    socket.connect(ServiceFixture.address(service), 5_000);
    socket.setSoTimeout(5_000);
    return socket;
  }
}
