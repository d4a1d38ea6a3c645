package io.twistd.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  static Stream<Arguments> written() {
    return Stream.of(
        Arguments.of("250ms", Duration.ofMillis(250)),
        Arguments.of("5s", Duration.ofSeconds(5)),
        Arguments.of("2m", Duration.ofMinutes(2)),
        Arguments.of("1h", Duration.ofHours(1)),
        Arguments.of("0s", Duration.ZERO),
        Arguments.of("0", Duration.ZERO),
        Arguments.of("30", Duration.ofSeconds(30)),
        Arguments.of(" 5s ", Duration.ofSeconds(5)),
        Arguments.of("90m", Duration.ofMinutes(90)),
        Arguments.of("007s", Duration.ofSeconds(7)));
  }

  @ParameterizedTest
  @MethodSource("written")
  void parsesNumberAndUnit(String text, Duration expected) {
    assertThat(Durations.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", " ", "s", "5 s", "5sec", "5S", "1.5s", "-5s", "+5s", "1h30m", "PT5S", "five"})
  void refusesOtherShapesShowingTheExpectedOne(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a duration such as 250ms, 5s, 2m or 1h, got '" + text + "'");
  }

  @Test
  void refusesNullShowingTheExpectedShape() {
    assertThatThrownBy(() -> Durations.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected a duration such as 250ms, 5s, 2m or 1h, got 'null'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999s", "9999999999999999h", "9223372036854775807s"})
  void refusesDurationsTooLongToRepresent(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration '" + text + "' is too long");
  }

  @Test
  void formatsInTheLargestExactUnit() {
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Durations.format(Duration.ofHours(3))).isEqualTo("3h");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
  }

  @Test
  void formatReadsBack() {
    for (long millis :
        new long[] {0, 1, 999, 1000, 59_000, 60_000, 61_000, 3_600_000, 86_400_123}) {
      Duration duration = Duration.ofMillis(millis);

      assertThat(Durations.parse(Durations.format(duration))).isEqualTo(duration);
    }
  }

  @Test
  void formatDropsPartsFinerThanAMillisecond() {
    assertThat(Durations.format(Duration.ofNanos(1_500_000))).isEqualTo("1ms");
  }

  @Test
  void refusesToFormatNegativeDurations() {
    assertThatThrownBy(() -> Durations.format(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a negative duration has no written form: PT-1S");
  }
}
