package io.twistd.runtime.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's free-form {@code config:} section as every service sees it: the current
 * snapshot, and a notification when it changes. Thread-safe.
 */
public final class SharedConfig {

  private static final Logger log = LoggerFactory.getLogger(SharedConfig.class);

  private volatile Map<String, Object> current;
  private final List<Consumer<Map<String, Object>>> listeners = new CopyOnWriteArrayList<>();

  /**
   * @param initial the first snapshot
   */
  public SharedConfig(Map<String, Object> initial) {
    this.current = freeze(initial);
  }

  /** The current snapshot; immutable at the top level. */
  public Map<String, Object> current() {
    return current;
  }

  /** Calls {@code listener} with every later snapshot, on the thread that applies it. */
  public void onChange(Consumer<Map<String, Object>> listener) {
    listeners.add(listener);
  }

  /** Stops notifying {@code listener}. */
  public void removeListener(Consumer<Map<String, Object>> listener) {
    listeners.remove(listener);
  }

  /** Makes {@code next} current and notifies listeners when it differs from the current one. */
  public void update(Map<String, Object> next) {
    Map<String, Object> snapshot = freeze(next);
    if (snapshot.equals(current)) {
      return;
    }
    current = snapshot;
    for (Consumer<Map<String, Object>> listener : listeners) {
      try {
        listener.accept(snapshot);
      } catch (RuntimeException e) {
        log.warn("a config change listener failed", e);
      }
    }
  }

  private static Map<String, Object> freeze(Map<String, Object> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
