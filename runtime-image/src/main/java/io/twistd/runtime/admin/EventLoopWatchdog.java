package io.twistd.runtime.admin;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells whether every event loop still runs tasks: each loop stamps a heartbeat every {@code
 * period}; a loop whose last stamp is older than {@code stallAfter} is stalled. Checking never
 * blocks, so the admin server may ask from its own event loop.
 */
public final class EventLoopWatchdog implements AutoCloseable {

  private final List<AtomicLong> beats = new ArrayList<>();
  private final List<ScheduledFuture<?>> schedules = new ArrayList<>();
  private final long stallAfterNanos;

  /**
   * Starts stamping on every loop of {@code group}.
   *
   * @param period how often each loop stamps
   * @param stallAfter how old a stamp may be before its loop counts as stalled
   */
  public EventLoopWatchdog(EventLoopGroup group, Duration period, Duration stallAfter) {
    this.stallAfterNanos = stallAfter.toNanos();
    for (EventExecutor loop : group) {
      AtomicLong beat = new AtomicLong(System.nanoTime());
      beats.add(beat);
      schedules.add(
          loop.scheduleAtFixedRate(
              () -> beat.set(System.nanoTime()), 0, period.toMillis(), TimeUnit.MILLISECONDS));
    }
  }

  /** Whether every loop has stamped recently. */
  public boolean responsive() {
    long now = System.nanoTime();
    return beats.stream().allMatch(beat -> now - beat.get() <= stallAfterNanos);
  }

  @Override
  public void close() {
    schedules.forEach(schedule -> schedule.cancel(false));
  }
}
