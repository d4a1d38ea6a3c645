package io.twistd.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptionTypeTest {

  static Stream<Arguments> conversions() {
    return Stream.of(
        Arguments.of(OptionType.STRING, "./www", "./www"),
        Arguments.of(OptionType.STRING, 42, "42"),
        Arguments.of(OptionType.STRING, 1.5, "1.5"),
        Arguments.of(OptionType.STRING, true, "true"),
        Arguments.of(OptionType.STRING, "", ""),
        Arguments.of(OptionType.INTEGER, 32, 32),
        Arguments.of(OptionType.INTEGER, 32L, 32),
        Arguments.of(OptionType.INTEGER, -7, -7),
        Arguments.of(OptionType.INTEGER, "8080", 8080),
        Arguments.of(OptionType.INTEGER, " 12 ", 12),
        Arguments.of(OptionType.INTEGER, "-3", -3),
        Arguments.of(OptionType.INTEGER, "2147483647", Integer.MAX_VALUE),
        Arguments.of(OptionType.INTEGER, BigInteger.TEN, 10),
        Arguments.of(OptionType.BOOLEAN, true, true),
        Arguments.of(OptionType.BOOLEAN, false, false),
        Arguments.of(OptionType.BOOLEAN, "true", true),
        Arguments.of(OptionType.BOOLEAN, "FALSE", false),
        Arguments.of(OptionType.DURATION, "5s", Duration.ofSeconds(5)),
        Arguments.of(OptionType.DURATION, "250ms", Duration.ofMillis(250)),
        Arguments.of(OptionType.DURATION, 30, Duration.ofSeconds(30)),
        Arguments.of(OptionType.DURATION, 2L, Duration.ofSeconds(2)),
        Arguments.of(OptionType.DURATION, "10", Duration.ofSeconds(10)),
        Arguments.of(OptionType.URL, "http://backend:8080", URI.create("http://backend:8080")),
        Arguments.of(
            OptionType.URL, "https://x.example/a?b=c", URI.create("https://x.example/a?b=c")));
  }

  @ParameterizedTest
  @MethodSource("conversions")
  void convertsToTheJavaValue(OptionType type, Object raw, Object expected) {
    assertThat(type.convert(raw)).isEqualTo(expected);
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of(OptionType.STRING, List.of("a"), "expected a string, got a list"),
        Arguments.of(OptionType.STRING, Map.of("a", 1), "expected a string, got a mapping"),
        Arguments.of(OptionType.INTEGER, "abc", "expected an integer, got 'abc'"),
        Arguments.of(OptionType.INTEGER, "1.5", "expected an integer, got '1.5'"),
        Arguments.of(OptionType.INTEGER, 1.5, "expected an integer, got 1.5"),
        Arguments.of(OptionType.INTEGER, 2.0, "expected an integer, got 2.0"),
        Arguments.of(OptionType.INTEGER, true, "expected an integer, got true"),
        Arguments.of(OptionType.INTEGER, "", "expected an integer, got ''"),
        Arguments.of(
            OptionType.INTEGER,
            99_999_999_999L,
            "99999999999 is out of range for an integer (-2147483648 to 2147483647)"),
        Arguments.of(
            OptionType.INTEGER,
            "2147483648",
            "2147483648 is out of range for an integer (-2147483648 to 2147483647)"),
        Arguments.of(
            OptionType.INTEGER,
            new BigInteger("123456789012345678901234567890"),
            "123456789012345678901234567890 is out of range for an integer"
                + " (-2147483648 to 2147483647)"),
        Arguments.of(OptionType.BOOLEAN, "yes", "expected a boolean, got 'yes'"),
        Arguments.of(OptionType.BOOLEAN, "1", "expected a boolean, got '1'"),
        Arguments.of(OptionType.BOOLEAN, 1, "expected a boolean, got 1"),
        Arguments.of(
            OptionType.DURATION,
            "abc",
            "expected a duration such as 250ms, 5s, 2m or 1h, got 'abc'"),
        Arguments.of(
            OptionType.DURATION, -5, "expected a duration such as 250ms, 5s, 2m or 1h, got '-5'"),
        Arguments.of(OptionType.DURATION, "0s", "must be longer than zero, got '0s'"),
        Arguments.of(OptionType.DURATION, 0, "must be longer than zero, got '0'"),
        Arguments.of(OptionType.DURATION, 1.5, "expected a duration, got 1.5"),
        Arguments.of(OptionType.DURATION, true, "expected a duration, got true"),
        Arguments.of(
            OptionType.URL,
            "not-a-url",
            "expected an http:// or https:// URL with a host, got 'not-a-url'"),
        Arguments.of(
            OptionType.URL,
            "ftp://files.example",
            "expected an http:// or https:// URL with a host, got 'ftp://files.example'"),
        Arguments.of(
            OptionType.URL,
            "http:///path",
            "expected an http:// or https:// URL with a host, got 'http:///path'"),
        Arguments.of(
            OptionType.URL,
            "http://a b/",
            "'http://a b/' is not a URL: Illegal character in authority"),
        Arguments.of(OptionType.URL, 8080, "expected a url, got 8080"));
  }

  @ParameterizedTest
  @MethodSource("refusals")
  void refusesValuesOfTheWrongShapeSayingWhatWasExpected(
      OptionType type, Object raw, String message) {
    assertThatThrownBy(() -> type.convert(raw))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void everyBuiltinDefaultConvertsToItsType() {
    for (ServiceTypeSpec spec : new BuiltinServiceTypes().all()) {
      for (OptionSpec option : spec.options()) {
        assertThat(option.convertedDefault().isPresent())
            .as("%s.%s has a default unless required or unset", spec.type(), option.name())
            .isEqualTo(option.defaultValue() != null);
      }
    }
  }

  @Test
  void labelsNameTheTypesInMessages() {
    assertThat(Stream.of(OptionType.values()).map(OptionType::label))
        .containsExactly("string", "integer", "boolean", "duration", "url");
  }
}
