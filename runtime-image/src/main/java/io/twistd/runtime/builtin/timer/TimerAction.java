package io.twistd.runtime.builtin.timer;

import java.util.concurrent.CompletableFuture;

/** What a {@link TimerService} does at each tick. Implementations are immutable and thread-safe. */
public interface TimerAction {

  /**
   * Starts one run. Called on an event loop: must not block; slow work completes the returned
   * future later, from any thread.
   *
   * @return completes when the run has finished, exceptionally when it failed
   */
  CompletableFuture<Void> run();

  /** What the action does, for logs, e.g. {@code GET http://backend/healthz}. */
  String describe();
}
