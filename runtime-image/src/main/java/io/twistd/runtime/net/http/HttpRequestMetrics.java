package io.twistd.runtime.net.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counts one service's HTTP requests by response status: counter {@code twistd.http.requests},
 * tagged {@code service} (the service's path) and {@code status} (e.g. {@code 200}). Thread-safe.
 */
public final class HttpRequestMetrics {

  static final String NAME = "twistd.http.requests";

  /** Status codes are three digits (RFC 9110 §15); others are counted without the array. */
  private static final int STATUS_CODES = 1000;

  private final MeterRegistry registry;
  private final String service;

  /**
   * The counters by status code, registered on first use: an array read, where a map of boxed codes
   * cost a lookup and, for codes above 127, an allocation per request.
   */
  private final AtomicReferenceArray<Counter> byStatus = new AtomicReferenceArray<>(STATUS_CODES);

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
    if (status < 0 || status >= STATUS_CODES) {
      counter(status).increment();
      return;
    }
    Counter counter = byStatus.get(status);
    if (counter == null) {
      counter = counter(status); // registering twice gives the same counter
      byStatus.set(status, counter);
    }
    counter.increment();
  }

  private Counter counter(int status) {
    return Counter.builder(NAME)
        .description("HTTP requests answered, by final response status")
        .tag("service", service)
        .tag("status", Integer.toString(status))
        .register(registry);
  }
}
