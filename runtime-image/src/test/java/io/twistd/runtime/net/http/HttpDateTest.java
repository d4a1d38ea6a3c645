package io.twistd.runtime.net.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HttpDateTest {

  private final AtomicLong clock =
      new AtomicLong(Instant.parse("2024-05-01T10:00:00.250Z").toEpochMilli());
  private final HttpDate date = new HttpDate(clock::get);

  @Test
  void formatsTheCurrentSecondOnceAndFollowsTheClock() {
    CharSequence first = date.now();
    assertThat(first.toString()).isEqualTo("Wed, 01 May 2024 10:00:00 GMT");

    clock.addAndGet(700);
    assertThat((Object) date.now()).isSameAs(first);

    clock.addAndGet(100);
    assertThat(date.now().toString()).isEqualTo("Wed, 01 May 2024 10:00:01 GMT");
  }
}
