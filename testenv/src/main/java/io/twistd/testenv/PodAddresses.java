package io.twistd.testenv;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out Pod IPs from the loopback range {@code 127.1.0.0/16}, one per Pod, never the same twice
 * in a JVM. Every address of {@code 127.0.0.0/8} reaches this host on Linux, so a test may bind a
 * server to a Pod's IP and reach it there, as it would reach a real Pod.
 *
 * <p>Thread-safe.
 */
final class PodAddresses {

  private static final int HOSTS_PER_BLOCK = 254;
  private static final AtomicInteger NEXT = new AtomicInteger();

  private PodAddresses() {}

  /** An address no other Pod of this JVM has had. */
  static String next() {
    int n = NEXT.getAndIncrement();
    int block = (n / HOSTS_PER_BLOCK) % 256;
    int host = n % HOSTS_PER_BLOCK + 1;
    return "198.18." + block + "." + host;
  }
}
