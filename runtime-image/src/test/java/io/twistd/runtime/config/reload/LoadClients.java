package io.twistd.runtime.config.reload;

import static org.awaitility.Awaitility.await;

import io.twistd.runtime.testing.ConnectLoop;
import io.twistd.runtime.testing.RawHttpConnection;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * Client threads that keep a runtime busy: each in turn GETs from a web service, GETs through a
 * proxy, and makes an echo round trip, every other request on a new connection and the rest on a
 * connection it keeps alive per target address. Every failure is recorded, refused connections
 * apart; a kept-alive connection the server closes is a failure too. Each thread stops at {@link
 * #close()} or after a bound on its running time.
 */
final class LoadClients implements AutoCloseable {

  /** One service under load: where it is now, and which bodies it may answer. */
  record Target(String name, Supplier<InetSocketAddress> address, Set<String> bodies) {}

  private final List<Target> targets;
  private final Duration bound;
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLongArray iterations;
  private final AtomicLong newConnectionRequests = new AtomicLong();
  private final AtomicLong keptAliveRequests = new AtomicLong();
  private final AtomicInteger refused = new AtomicInteger();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private volatile boolean stopped;

  LoadClients(int threadCount, Duration bound, List<Target> targets) {
    this.targets = List.copyOf(targets);
    this.bound = bound;
    this.iterations = new AtomicLongArray(threadCount);
    for (int i = 0; i < threadCount; i++) {
      int index = i;
      Thread thread = new Thread(() -> run(index), "load-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
  }

  void start() {
    threads.forEach(Thread::start);
  }

  /** Requests answered correctly on a connection opened for them. */
  long newConnectionRequests() {
    return newConnectionRequests.get();
  }

  /** Requests answered correctly on a kept-alive connection. */
  long keptAliveRequests() {
    return keptAliveRequests.get();
  }

  /** Connections refused (nothing listening). */
  int refused() {
    return refused.get();
  }

  /** Every failure, refusals included, as {@code target (kind): what}. */
  List<String> failures() {
    return List.copyOf(failures);
  }

  /**
   * Waits until every thread has finished two more rounds, so that none still uses an address it
   * read before this call.
   */
  void awaitEveryThreadMovedOn() {
    long[] seen = new long[iterations.length()];
    for (int i = 0; i < seen.length; i++) {
      seen[i] = iterations.get(i);
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (int i = 0; i < seen.length; i++) {
                if (iterations.get(i) < seen[i] + 2) {
                  return false;
                }
              }
              return true;
            });
  }

  private void run(int index) {
    long deadline = System.nanoTime() + bound.toNanos();
    Map<InetSocketAddress, Object> kept = new HashMap<>();
    long n = index;
    try {
      while (!stopped && System.nanoTime() < deadline) {
        for (Target target : targets) {
          boolean fresh = n++ % 2 == 0;
          InetSocketAddress address = target.address().get();
          try {
            String body = fresh ? once(target, address) : keptAlive(target, address, kept);
            if (!target.bodies().contains(body)) {
              failures.add(target.name() + ": unexpected answer '" + body + "'");
            } else if (fresh) {
              newConnectionRequests.incrementAndGet();
            } else {
              keptAliveRequests.incrementAndGet();
            }
          } catch (IOException e) {
            if (e instanceof ConnectException) {
              refused.incrementAndGet();
            }
            String kind = fresh ? "new connection" : "kept alive";
            failures.add(target.name() + " (" + kind + ", " + address + "): " + e);
            close(kept.remove(address));
          }
        }
        iterations.incrementAndGet(index);
      }
    } finally {
      kept.values().forEach(LoadClients::close);
    }
  }

  private static String once(Target target, InetSocketAddress address) throws IOException {
    if (target.name().equals("echo")) {
      return ConnectLoop.echoOnce(address, "echo");
    }
    try (RawHttpConnection http = new RawHttpConnection(address)) {
      return http.get("/", "Connection: close\r\n").read().bodyText();
    }
  }

  private static String keptAlive(
      Target target, InetSocketAddress address, Map<InetSocketAddress, Object> kept)
      throws IOException {
    if (target.name().equals("echo")) {
      Socket socket = (Socket) kept.get(address);
      if (socket == null) {
        socket = new Socket();
        socket.connect(address, 5_000);
        socket.setSoTimeout(10_000);
        kept.put(address, socket);
      }
      return ConnectLoop.roundTrip(socket, "echo");
    }
    RawHttpConnection http = (RawHttpConnection) kept.get(address);
    if (http == null) {
      http = new RawHttpConnection(address);
      kept.put(address, http);
    }
    RawHttpConnection.Response response = http.get("/", "").read();
    if (response.status() != 200 || "close".equalsIgnoreCase(response.header("connection"))) {
      throw new IOException(
          "kept-alive connection answered " + response.status() + " " + response.headers());
    }
    return response.bodyText();
  }

  private static void close(Object connection) {
    try {
      if (connection instanceof AutoCloseable closeable) {
        closeable.close();
      }
    } catch (Exception e) {
      // closing a broken connection: nothing to do
    }
  }

  /** Stops every thread after its current round and waits for them. */
  @Override
  public void close() throws InterruptedException {
    stopped = true;
    for (Thread thread : threads) {
      thread.join(30_000);
    }
  }
}
