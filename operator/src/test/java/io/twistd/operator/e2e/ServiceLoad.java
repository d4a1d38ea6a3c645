package io.twistd.operator.e2e;

import io.twistd.testenv.ServiceRouter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Clients that keep GETting a path of a Service through its ready endpoints, as traffic through
 * kube-proxy would, with connections kept alive per pod. A request fails when no endpoint is ready,
 * when it cannot connect or read, or when the status is not 2xx; every failure is kept with what
 * happened. Each client paces itself (about fifty requests a second) and stops at {@link #stop()}
 * or after a bound on its running time, whichever comes first.
 */
final class ServiceLoad {

  private static final Duration PACE = Duration.ofMillis(20);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

  /**
   * What the clients saw.
   *
   * @param succeeded requests answered 2xx
   * @param failures each failed request, as {@code destination: what}
   * @param bodies how often each body was answered
   */
  record Report(long succeeded, List<String> failures, Map<String, Long> bodies) {}

  private final ServiceRouter router;
  private final String service;
  private final String port;
  private final String path;
  private final Function<ServiceRouter.Destination, URI> reach;
  private final Duration bound;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong succeeded = new AtomicLong();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> bodies = new ConcurrentHashMap<>();
  private volatile boolean stopped;

  /**
   * @param reach how this JVM reaches a destination: the base URI to put {@code path} after
   * @param bound the longest any client runs
   */
  ServiceLoad(
      ServiceRouter router,
      String service,
      String port,
      String path,
      Function<ServiceRouter.Destination, URI> reach,
      int clients,
      Duration bound) {
    this.router = router;
    this.service = service;
    this.port = port;
    this.path = path;
    this.reach = reach;
    this.bound = bound;
    for (int i = 0; i < clients; i++) {
      Thread thread = new Thread(this::run, "load-" + service + "-" + i);
      thread.setDaemon(true);
      threads.add(thread);
    }
  }

  ServiceLoad start() {
    threads.forEach(Thread::start);
    return this;
  }

  /** Requests answered 2xx so far. */
  long succeeded() {
    return succeeded.get();
  }

  /** Stops every client, waits for it and tells what they saw. */
  Report stop() throws InterruptedException {
    stopped = true;
    for (Thread thread : threads) {
      thread.join(REQUEST_TIMEOUT.multipliedBy(2).toMillis());
    }
    Map<String, Long> counts = new java.util.TreeMap<>();
    bodies.forEach((body, count) -> counts.put(body, count.get()));
    return new Report(succeeded.get(), List.copyOf(failures), counts);
  }

  private void run() {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!stopped && System.nanoTime() < deadline) {
      request();
      LockSupport.parkNanos(PACE.toNanos());
    }
  }

  private void request() {
    Optional<ServiceRouter.Destination> destination = router.next(service, port);
    if (destination.isEmpty()) {
      failures.add(service + ": no ready endpoint");
      return;
    }
    URI uri = reach.apply(destination.get()).resolve(path);
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        failures.add(uri + ": status " + response.statusCode());
        return;
      }
      succeeded.incrementAndGet();
      bodies.computeIfAbsent(response.body().strip(), b -> new AtomicLong()).incrementAndGet();
    } catch (java.io.IOException e) {
      failures.add(uri + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failures.add(uri + ": interrupted");
    }
  }
}
