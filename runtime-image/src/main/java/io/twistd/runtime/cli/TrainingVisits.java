package io.twistd.runtime.cli;

import io.twistd.runtime.TwistdRuntime;
import io.twistd.runtime.net.ListeningService;
import io.twistd.runtime.net.http.HttpListeningService;
import io.twistd.runtime.service.MultiService;
import io.twistd.runtime.service.Service;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Serves one request on every TCP listener of a running tree and on its admin endpoints, over
 * loopback: an HTTP GET where the service speaks HTTP, a line of text elsewhere. What comes back is
 * read and dropped; a listener that refuses or answers with an error still counts, since the aim is
 * only to run the code of serving once ({@link TrainCommand}).
 */
final class TrainingVisits {

  private static final int MOST_BYTES_READ = 64 * 1024;
  private static final List<String> ADMIN_PATHS = List.of("/readyz", "/status", "/metrics");

  private final Duration timeout;

  /**
   * @param timeout the longest one visit may wait for an answer
   */
  TrainingVisits(Duration timeout) {
    this.timeout = timeout;
  }

  /**
   * Visits every listener of {@code runtime}'s tree and its admin endpoints.
   *
   * @return how many requests were answered
   */
  int visit(TwistdRuntime runtime) {
    int answered = visitTree(runtime.application());
    if (runtime.adminAddress() instanceof InetSocketAddress admin) {
      for (String path : ADMIN_PATHS) {
        answered += exchange(admin, httpGet(path)) ? 1 : 0;
      }
    }
    return answered;
  }

  private int visitTree(MultiService parent) {
    int answered = 0;
    for (Service service : parent.services()) {
      if (service instanceof ListeningService listening) {
        byte[] request =
            listening instanceof HttpListeningService
                ? httpGet("/")
                : "hello\r\n".getBytes(StandardCharsets.US_ASCII);
        for (SocketAddress address : listening.boundAddresses()) {
          if (address instanceof InetSocketAddress inet) {
            answered += exchange(inet, request) ? 1 : 0;
          }
        }
      }
      if (service instanceof MultiService multi) {
        answered += visitTree(multi);
      }
    }
    return answered;
  }

  /** Sends {@code request} and reads the answer until the peer closes, a pause, or 64 KiB. */
  private boolean exchange(InetSocketAddress address, byte[] request) {
    try (Socket socket = new Socket()) {
      socket.connect(address, (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      int total = 0;
      int read;
      try {
        while (total < MOST_BYTES_READ && (read = in.read(buffer)) > 0) {
          total += read;
          socket.setSoTimeout(200); // an echo answers and waits; do not wait long for more
        }
      } catch (SocketTimeoutException quiet) {
        // the service answered and kept the connection open
      }
      return total > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] httpGet(String path) {
    return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
