package io.twistd.runtime.net.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts one service's HTTP requests by response status: counter {@code twistd.http.requests},
 * tagged {@code service} (the service's path) and {@code status} (e.g. {@code 200}). Thread-safe.
 */
public final class HttpRequestMetrics {

  static final String NAME = "twistd.http.requests";

  private final MeterRegistry registry;
  private final String service;
  private final Map<Integer, Counter> byStatus = new ConcurrentHashMap<>();

  /**
   * @param registry where the counters go
   * @param service the service's path, the {@code service} tag
   */
  public HttpRequestMetrics(MeterRegistry registry, String service) {
    this.registry = registry;
    this.service = service;
  }

  /** Counts one request answered with {@code status}. */
  public void record(int status) {
    byStatus.computeIfAbsent(status, this::counter).increment();
  }

  private Counter counter(int status) {
    return Counter.builder(NAME)
        .description("HTTP requests answered, by final response status")
        .tag("service", service)
        .tag("status", Integer.toString(status))
        .register(registry);
  }
}
