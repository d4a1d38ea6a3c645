package io.twistd.operator.it;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * An Awaitility condition that holds once {@code value} has not changed for {@code quiet}: poll it
 * with {@code until(new StableFor(...))}.
 */
final class StableFor implements Callable<Boolean> {

  private final Supplier<?> value;
  private final long quietNanos;
  private Object last;
  private long since = System.nanoTime();

  StableFor(Supplier<?> value, Duration quiet) {
    this.value = value;
    this.quietNanos = quiet.toNanos();
  }

  @Override
  public Boolean call() {
    Object now = value.get();
    if (!Objects.equals(now, last)) {
      last = now;
      since = System.nanoTime();
      return false;
    }
    return System.nanoTime() - since >= quietNanos;
  }
}
