package io.twistd.runtime.builtin.timer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.ScheduledFuture;
import io.twistd.runtime.net.NettyFutures;
import io.twistd.runtime.plugin.Reconfigurable;
import io.twistd.runtime.plugin.ServiceOptions;
import io.twistd.runtime.service.AbstractService;
import io.twistd.runtime.service.ServiceState;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link TimerAction} every interval on one event loop, after Twisted's {@code
 * TimerService}: the first run at start, then one per interval (fixed rate).
 *
 * <ul>
 *   <li>A run that fails is logged and counted, and the timer goes on. Runs are counted by the
 *       Micrometer counter {@code twistd.timer.runs}, tagged {@code service} and {@code
 *       outcome=success|failure}.
 *   <li>A tick that comes while the previous run is still going is skipped (and logged), so runs
 *       never overlap.
 *   <li>Stop cancels the schedule and completes when the run in progress, if any, has finished.
 * </ul>
 *
 * <p>The settings live in one volatile immutable {@link TimerSettings}; each run reads the action
 * from it. Both options can change in place ({@link Reconfigurable}): a new action is used from the
 * next run; a new interval restarts the schedule, with the next run one new interval later.
 */
public final class TimerService extends AbstractService implements Reconfigurable {

  private static final Logger log = LoggerFactory.getLogger(TimerService.class);

  private final String path;
  private final EventLoopGroup loops;
  private final Counter successes;
  private final Counter failures;
  private volatile TimerSettings settings;

  // Set at start; the fields below are touched on `loop` only, except for reads at stop.
  private volatile EventLoop loop;
  private volatile ScheduledFuture<?> schedule;
  private volatile CompletableFuture<Void> running = CompletableFuture.completedFuture(null);

  /**
   * @param name the service's name
   * @param path the service's path, the {@code service} tag of its counters
   * @param loops where the timer picks its event loop
   * @param metrics where the run counters go
   * @param settings the interval and the action
   */
  public TimerService(
      String name,
      String path,
      EventLoopGroup loops,
      MeterRegistry metrics,
      TimerSettings settings) {
    super(name);
    this.path = path;
    this.loops = loops;
    this.settings = settings;
    this.successes = runs(metrics, path, "success");
    this.failures = runs(metrics, path, "failure");
  }

  private static Counter runs(MeterRegistry metrics, String path, String outcome) {
    return Counter.builder("twistd.timer.runs")
        .description("Timer action runs, by outcome")
        .tag("service", path)
        .tag("outcome", outcome)
        .register(metrics);
  }

  /** The settings in force. */
  public TimerSettings settings() {
    return settings;
  }

  /**
   * @throws IllegalArgumentException when the options do not give exactly one action
   */
  @Override
  public Optional<Change> prepareReconfigure(ServiceOptions options) {
    TimerSettings next = TimerServiceMaker.settings(path, options);
    return Optional.of(() -> apply(next));
  }

  private void apply(TimerSettings next) {
    EventLoop current = loop;
    if (current == null || next.interval().equals(settings.interval())) {
      settings = next;
      return;
    }
    // On the loop, like every other touch of the schedule; the reload thread may wait for it.
    current
        .submit(
            () -> {
              settings = next;
              if (state() == ServiceState.RUNNING && !schedule.isCancelled()) {
                schedule.cancel(false);
                long period = next.interval().toNanos();
                schedule =
                    current.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
              }
            })
        .syncUninterruptibly();
  }

  @Override
  protected CompletableFuture<Void> doStart() {
    EventLoop chosen = loops.next();
    long period = settings.interval().toNanos();
    loop = chosen;
    schedule = chosen.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.NANOSECONDS);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  protected CompletableFuture<Void> doStop() {
    // On the loop, so that no tick is half-way through while the schedule is cancelled.
    return NettyFutures.toCompletable(
            loop.submit(
                () -> {
                  schedule.cancel(false);
                  return running;
                }))
        .thenCompose(last -> last.handle((ok, error) -> null));
  }

  /** One tick, on {@link #loop}; never throws, since a throw would end the schedule. */
  private void tick() {
    TimerAction action = settings.action();
    if (!running.isDone()) {
      log.warn(
          "timer '{}': the previous {} is still running; skipping this run",
          path,
          action.describe());
      return;
    }
    running = start(action).whenComplete((ok, error) -> record(action, error));
  }

  private static CompletableFuture<Void> start(TimerAction action) {
    try {
      return Objects.requireNonNull(action.run(), () -> action.describe() + " returned no future");
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private void record(TimerAction action, Throwable error) {
    if (error == null) {
      successes.increment();
      return;
    }
    failures.increment();
    Throwable cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    log.warn("timer '{}': {} failed: {}", path, action.describe(), cause.toString());
    log.debug("timer '{}': failure detail", path, cause);
  }
}
