package io.twistd.runtime;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.twistd.api.config.AppConfig;
import io.twistd.api.config.Durations;
import io.twistd.api.endpoint.ServerEndpoints;
import io.twistd.runtime.admin.AdminServer;
import io.twistd.runtime.admin.AdminState;
import io.twistd.runtime.admin.EventLoopWatchdog;
import io.twistd.runtime.admin.StatusDocument;
import io.twistd.runtime.config.SharedConfig;
import io.twistd.runtime.config.TreeBuilder;
import io.twistd.runtime.config.reload.ReloadApplier;
import io.twistd.runtime.config.reload.ReloadError;
import io.twistd.runtime.config.reload.ReloadFailedException;
import io.twistd.runtime.config.reload.ReloadReport;
import io.twistd.runtime.config.reload.ReloadStatus;
import io.twistd.runtime.net.Transport;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceMakers;
import io.twistd.runtime.service.Application;
import io.twistd.runtime.service.MultiService;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running application: its event loops, metrics, admin server and service tree. {@link #start}
 * brings it up; {@link #shutdown()} takes it down the way SIGTERM asks for: not ready at once, a
 * drain delay, listeners closed, in-flight work finished within the grace period, services stopped
 * in reverse order.
 *
 * <p>Thread-safe.
 */
public final class TwistdRuntime {

  private static final Logger log = LoggerFactory.getLogger(TwistdRuntime.class);

  private static final java.util.concurrent.Executor FINISHER =
      task -> {
        Thread thread = new Thread(task, "twistd-shutdown");
        thread.setDaemon(false);
        thread.start();
      };

  /** Where the runtime is in its life, as {@code /readyz} and {@code /status} report it. */
  public enum Phase {
    STARTING,
    READY,
    DRAINING,
    STOPPED
  }

  private volatile AppConfig config;
  private final RuntimeOptions options;
  private final Transport transport;
  private final PrometheusMeterRegistry metrics;
  private final JvmGcMetrics gcMetrics;
  private final TreeBuilder builder;
  private final ReloadApplier reloader;
  private final ReloadStatus reloads;
  private final Object reloadLock = new Object();
  private final EventLoopWatchdog watchdog;
  private final AdminServer admin;
  private final Instant startedAt = Instant.now();
  private volatile Application application;
  private volatile Phase phase = Phase.STARTING;
  private volatile CompletableFuture<ShutdownReport> shutdown;
  private final CompletableFuture<ShutdownReport> terminated = new CompletableFuture<>();

  private TwistdRuntime(
      AppConfig config, Path baseDirectory, ServiceMakers makers, RuntimeOptions options) {
    this.config = config;
    this.options = options;
    this.transport = Transport.create(options.ioThreads(), options.preferNative());
    this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    this.gcMetrics = bindJvmMetrics(metrics);
    SharedConfig shared = new SharedConfig(config.getConfig());
    this.builder =
        new TreeBuilder(
            makers,
            factory -> new ServiceContext(transport, metrics, shared, baseDirectory, factory));
    this.reloader = new ReloadApplier(builder, shared);
    this.reloads = new ReloadStatus(metrics, startedAt);
    this.watchdog =
        new EventLoopWatchdog(transport.workers(), Duration.ofMillis(500), Duration.ofSeconds(5));
    this.admin =
        new AdminServer(
            ServerEndpoints.parse(config.getAdmin().getListen()), transport, adminState());
  }

  /**
   * Starts the admin server, then every service in order. On failure, whatever had started is
   * stopped and the event loops end before this throws.
   *
   * @param config a validated configuration
   * @param baseDirectory what relative paths in options and endpoints are relative to
   * @throws StartupException naming the service, the endpoint and the cause
   */
  public static TwistdRuntime start(
      AppConfig config, Path baseDirectory, ServiceMakers makers, RuntimeOptions options) {
    TwistdRuntime runtime = new TwistdRuntime(config, baseDirectory, makers, options);
    runtime.bringUp();
    return runtime;
  }

  private void bringUp() {
    try {
      admin.start();
      application = builder.build(config);
      application.privilegedStart().thenCompose(ignored -> application.start()).join();
    } catch (RuntimeException e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      releaseResources();
      phase = Phase.STOPPED;
      throw new StartupException(
          "application '" + config.getApplication() + "' failed to start: " + cause.getMessage(),
          cause);
    }
    phase = Phase.READY;
    log.info(
        "application '{}' ready{}; admin on {}",
        config.getApplication(),
        config.getRevision().isEmpty() ? "" : " at revision " + config.getRevision(),
        StatusDocument.address(admin.address()));
  }

  /**
   * Shuts down once; later calls return the same future.
   *
   * @return completes when every service has stopped or the grace period ran out, with a report
   *     naming every service that did not stop cleanly
   */
  public synchronized CompletableFuture<ShutdownReport> shutdown() {
    if (shutdown == null) {
      phase = Phase.DRAINING;
      Duration drain =
          options.drainDelay().orElse(Durations.parse(config.getShutdown().getDrainDelay()));
      Duration grace =
          options.gracePeriod().orElse(Durations.parse(config.getShutdown().getGracePeriod()));
      log.info(
          "shutting down '{}': not ready now, draining for {}, then stopping within {}",
          config.getApplication(),
          Durations.format(drain),
          Durations.format(grace));
      shutdown =
          new GracefulStop(application, drain, grace)
              .run()
              // Off the event loops: finishing waits for them to end.
              .whenCompleteAsync((report, error) -> finish(report, error), FINISHER);
    }
    return shutdown;
  }

  private void finish(ShutdownReport report, Throwable error) {
    releaseResources();
    phase = Phase.STOPPED;
    if (error != null) {
      terminated.completeExceptionally(error);
    } else {
      terminated.complete(report);
    }
  }

  /** Completes when a shutdown, started by whoever, has finished; does not start one. */
  public CompletableFuture<ShutdownReport> terminated() {
    return terminated;
  }

  private void releaseResources() {
    watchdog.close();
    admin.stop().join();
    transport.shutdown().join();
    gcMetrics.close(); // its listeners on the GC beans would outlive the runtime otherwise
    metrics.close();
  }

  /** The service tree. */
  public Application application() {
    return application;
  }

  /** The phase the runtime is in. */
  public Phase phase() {
    return phase;
  }

  /** The admin server's bound address. */
  public SocketAddress adminAddress() {
    return admin.address();
  }

  /** The configuration this runtime runs: the one it started with, or the last one applied. */
  public AppConfig config() {
    return config;
  }

  /**
   * Applies a new, validated configuration while serving, changing only what differs (see {@link
   * ReloadApplier}), and records the outcome in {@link #reloadStatus()}. One reload at a time;
   * refused once shutdown has begun.
   *
   * @return what changed
   * @throws ReloadFailedException when it could not be applied; the previous configuration still
   *     runs
   */
  public ReloadReport reconfigure(AppConfig next) {
    synchronized (reloadLock) {
      try {
        if (phase != Phase.READY) {
          throw new ReloadFailedException(
              "the runtime is " + phase.name().toLowerCase(java.util.Locale.ROOT), true, null);
        }
        ReloadReport report = reloader.apply(application, config, next);
        config = next;
        reloads.applied(Instant.now(), report.restartRequired());
        return report;
      } catch (ReloadFailedException e) {
        reloads.failed(new ReloadError(Instant.now(), "failed", e.getMessage(), List.of()));
        throw e;
      }
    }
  }

  /**
   * Rehearses a reload to the configuration that runs ({@link ReloadApplier#rehearse}): warms the
   * reload path, changes nothing, records nothing.
   *
   * @param running the running configuration as read again from its file
   * @return how many services prepared a change of options
   */
  public int rehearseReload(AppConfig running) {
    synchronized (reloadLock) {
      if (phase != Phase.READY) {
        return 0;
      }
      return reloader.rehearse(application, running);
    }
  }

  /** What live reloads have done, for {@code /status} and {@code /metrics}. */
  public ReloadStatus reloadStatus() {
    return reloads;
  }

  /** The meter registry, for tests and embedding. */
  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /** The status document served at {@code /status}. */
  public Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("application", config.getApplication());
    out.put("revision", config.getRevision());
    out.put("phase", phase.name().toLowerCase(java.util.Locale.ROOT));
    out.put("startedAt", startedAt.toString());
    out.put("transport", transport.isNative() ? "epoll" : "nio");
    out.putAll(reloads.toStatus());
    MultiService root = application;
    out.put(
        "services",
        root == null ? java.util.List.of() : StatusDocument.services(root, builder::typeOf));
    return out;
  }

  private AdminState adminState() {
    return new AdminState() {
      @Override
      public boolean ready() {
        return phase == Phase.READY;
      }

      @Override
      public String notReadyReason() {
        return phase.name().toLowerCase(java.util.Locale.ROOT);
      }

      @Override
      public boolean eventLoopsResponsive() {
        return watchdog.responsive();
      }

      @Override
      public String scrapeMetrics() {
        return metrics.scrape();
      }

      @Override
      public Map<String, Object> status() {
        return TwistdRuntime.this.status();
      }
    };
  }

  /**
   * Adds the JVM's and the process's meters (memory, GC, threads, CPU, uptime) to {@code registry}.
   *
   * @return the GC meters' binder, to close when the runtime ends
   */
  private static JvmGcMetrics bindJvmMetrics(PrometheusMeterRegistry registry) {
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return gc;
  }
}
