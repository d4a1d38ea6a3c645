package io.twistd.runtime.builtin.timer;

import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a fixed message at INFO, prefixed by the timer's service path. Never fails. */
public final class LogAction implements TimerAction {

  private static final Logger log = LoggerFactory.getLogger(LogAction.class);

  private final String servicePath;
  private final String message;

  /**
   * @param servicePath the timer's path, e.g. {@code jobs/heartbeat}
   * @param message what to log
   */
  public LogAction(String servicePath, String message) {
    this.servicePath = servicePath;
    this.message = message;
  }

  @Override
  public CompletableFuture<Void> run() {
    log.info("[{}] {}", servicePath, message);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public String describe() {
    return "log '" + message + "'";
  }
}
