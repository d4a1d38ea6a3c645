package io.twistd.runtime.plugin;

import java.util.Optional;

/**
 * A service that can take new options while it runs, keeping its listeners and open connections.
 * When a config reload changes a service's options, the runtime asks it to reconfigure in place; a
 * service that does not implement this, or that declines, is replaced by a new one made by its
 * {@link ServiceMaker}.
 *
 * <p>Reconfiguring takes two steps so that a reload changes nothing until every service has
 * accepted its new options: {@link #prepareReconfigure} checks the options and returns the change,
 * without touching the running service; the runtime commits every prepared change only after
 * everything has been prepared.
 */
public interface Reconfigurable {

  /** A prepared change, ready to commit. */
  @FunctionalInterface
  interface Change {
    /**
     * Puts the new options in force. Must not fail: whatever can fail belongs in {@link
     * #prepareReconfigure}. Requests that have begun may finish with the old options; requests that
     * begin after this returns use the new ones. Called at most once, from the reload thread (never
     * an event loop).
     */
    void commit();
  }

  /**
   * Checks {@code options} and prepares the change to them. Changes nothing and starts nothing.
   *
   * @param options the new options, converted and with defaults, already validated against the
   *     type's spec
   * @return the change, or empty when these options need a new service (the runtime then replaces
   *     this one)
   * @throws IllegalArgumentException when the options cannot work (e.g. a directory that does not
   *     exist); the message names the option
   */
  Optional<Change> prepareReconfigure(ServiceOptions options);
}
