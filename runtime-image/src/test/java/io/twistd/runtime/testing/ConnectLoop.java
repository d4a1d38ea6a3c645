package io.twistd.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A background client that opens one new connection after another to an address and makes one echo
 * round trip on each, counting successes and failures, until {@link #close()} or a bound on its
 * running time. For proving that listeners change without refusing a connection.
 */
public final class ConnectLoop implements AutoCloseable {

  private final InetSocketAddress address;
  private final Duration bound;
  private final AtomicInteger succeeded = new AtomicInteger();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean stopped;

  private ConnectLoop(InetSocketAddress address, Duration bound) {
    this.address = address;
    this.bound = bound;
    this.thread = new Thread(this::run, "connect-loop");
    this.thread.setDaemon(true);
  }

  /** Starts connecting to an echo service at {@code address}, for at most {@code bound}. */
  public static ConnectLoop start(InetSocketAddress address, Duration bound) {
    ConnectLoop loop = new ConnectLoop(address, bound);
    loop.thread.start();
    return loop;
  }

  /** Round trips that succeeded so far. */
  public int succeeded() {
    return succeeded.get();
  }

  /** Every failure so far, as {@code exception: message}. */
  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** One echo round trip on a new connection to {@code address}. */
  public static String echoOnce(InetSocketAddress address, String text) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(address, 5_000);
      socket.setSoTimeout(5_000);
      return roundTrip(socket, text);
    }
  }

  /** Sends {@code text} on an open echo connection and reads as many bytes back. */
  public static String roundTrip(Socket socket, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    InputStream in = socket.getInputStream();
    byte[] back = in.readNBytes(bytes.length);
    return new String(back, StandardCharsets.UTF_8);
  }

  private void run() {
    long deadline = System.nanoTime() + bound.toNanos();
    int n = 0;
    while (!stopped && System.nanoTime() < deadline) {
      String text = "ping " + n++;
      try {
        String back = echoOnce(address, text);
        if (back.equals(text)) {
          succeeded.incrementAndGet();
        } else {
          failures.add("echoed '" + back + "' for '" + text + "'");
        }
      } catch (IOException e) {
        failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }

  /** Stops the loop and waits for its last round trip. */
  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.join(10_000);
  }
}
