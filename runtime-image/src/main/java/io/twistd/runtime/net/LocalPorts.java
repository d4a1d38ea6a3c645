package io.twistd.runtime.net;

import java.util.HashMap;
import java.util.Map;

/**
 * The TCP ports this runtime's listeners hold now, counted per port. A listener sets {@code
 * SO_REUSEPORT} so that a reload can bind a port its old listener still holds; a port nobody here
 * holds must not be shared with another process, and this tells the two cases apart. Thread-safe.
 */
final class LocalPorts {

  private final Map<Integer, Integer> held = new HashMap<>();

  /** Whether a listener of this runtime holds {@code port} now. */
  synchronized boolean holds(int port) {
    return held.containsKey(port);
  }

  /** Counts one more listener on {@code port}. */
  synchronized void add(int port) {
    held.merge(port, 1, Integer::sum);
  }

  /** Counts one listener on {@code port} fewer. */
  synchronized void remove(int port) {
    held.computeIfPresent(port, (key, count) -> count == 1 ? null : count - 1);
  }
}
