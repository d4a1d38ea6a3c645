package io.twistd.runtime.admin;

import java.util.Map;

/**
 * What the admin endpoints report, supplied by the running runtime. Implementations are
 * thread-safe: the admin server calls them from its event loop.
 */
public interface AdminState {

  /** Whether every service has started and the runtime is not draining. */
  boolean ready();

  /** Why the runtime is not ready (e.g. "draining"), shown by {@code /readyz} when it is not. */
  String notReadyReason();

  /** Whether the event loops answer within the health check's bound. */
  boolean eventLoopsResponsive();

  /** Prometheus text exposition of every meter. */
  String scrapeMetrics();

  /** The {@code /status} document: application, revision, service tree, states, addresses. */
  Map<String, Object> status();
}
