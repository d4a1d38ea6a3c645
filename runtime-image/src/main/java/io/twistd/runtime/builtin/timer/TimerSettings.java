package io.twistd.runtime.builtin.timer;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link TimerService} runs and how often. Immutable; a timer holds its current settings in
 * one volatile field, so new settings can replace old ones as a whole.
 *
 * @param interval the time from the start of one run to the start of the next; positive
 * @param action what each run does
 */
public record TimerSettings(Duration interval, TimerAction action) {

  public TimerSettings {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(action, "action");
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
  }
}
