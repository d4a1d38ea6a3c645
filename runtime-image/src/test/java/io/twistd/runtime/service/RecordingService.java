package io.twistd.runtime.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A test service that records its starts and stops in a shared journal, and can be told to fail.
 */
final class RecordingService extends AbstractService {

  private final List<String> journal;
  private RuntimeException startFailure;
  private RuntimeException stopFailure;
  private CompletableFuture<Void> pendingStop;

  RecordingService(String name, List<String> journal) {
    super(name);
    this.journal = journal;
  }

  RecordingService failingStart(String message) {
    this.startFailure = new IllegalStateException(message);
    return this;
  }

  RecordingService failingStop(String message) {
    this.stopFailure = new IllegalStateException(message);
    return this;
  }

  /** Makes stop return a future that never completes. */
  RecordingService hangingStop() {
    this.pendingStop = new CompletableFuture<>();
    return this;
  }

  @Override
  protected CompletableFuture<Void> doStart() {
    journal.add("start " + name());
    return startFailure == null
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.failedFuture(startFailure);
  }

  @Override
  protected CompletableFuture<Void> doStop() {
    journal.add("stop " + name());
    if (pendingStop != null) {
      return pendingStop;
    }
    return stopFailure == null
        ? CompletableFuture.completedFuture(null)
        : CompletableFuture.failedFuture(stopFailure);
  }
}
