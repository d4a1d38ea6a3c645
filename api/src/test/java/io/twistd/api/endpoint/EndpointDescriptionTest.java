package io.twistd.api.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class EndpointDescriptionTest {

  @Test
  void splitsTypePositionalAndKeywordArguments() {
    EndpointDescription d = EndpointDescription.parse("tcp:8080:interface=127.0.0.1:backlog=128");

    assertThat(d.type()).isEqualTo("tcp");
    assertThat(d.args()).containsExactly("8080");
    assertThat(d.kwargs())
        .containsExactly(Map.entry("interface", "127.0.0.1"), Map.entry("backlog", "128"));
  }

  @Test
  void keepsPositionalArgumentsThatFollowKeywords() {
    EndpointDescription d = EndpointDescription.parse("tcp:interface=::1:8080");

    // as in Twisted, the second ':' ends the keyword's value, so '::1' cannot be written bare
    assertThat(d.args()).containsExactly("", "1", "8080");
    assertThat(d.kwargs()).containsExactly(Map.entry("interface", ""));
  }

  @Test
  void backslashMakesColonLiteral() {
    assertThat(EndpointDescription.parse("tcp6:8080:interface=\\:\\:1").kwargs())
        .containsEntry("interface", "::1");
  }

  @Test
  void backslashMakesEqualsLiteralInPositionalArgument() {
    EndpointDescription d = EndpointDescription.parse("unix:/tmp/a\\=b");

    assertThat(d.args()).containsExactly("/tmp/a=b");
    assertThat(d.kwargs()).isEmpty();
  }

  @Test
  void backslashMakesEqualsLiteralInKeyword() {
    assertThat(EndpointDescription.parse("x:a\\=b=c").kwargs())
        .containsExactly(Map.entry("a=b", "c"));
  }

  @Test
  void doubleBackslashIsOneLiteralBackslash() {
    assertThat(EndpointDescription.parse("unix:C\\\\dir\\\\s").args()).containsExactly("C\\dir\\s");
  }

  @Test
  void backslashBeforeAnOrdinaryCharacterKeepsOnlyTheCharacter() {
    assertThat(EndpointDescription.parse("unix:\\a\\b").args()).containsExactly("ab");
  }

  @Test
  void equalsAfterTheFirstBelongsToTheValue() {
    assertThat(EndpointDescription.parse("tcp:8080:interface=a=b==").kwargs())
        .containsExactly(Map.entry("interface", "a=b=="));
  }

  @Test
  void escapedColonBelongsToTheType() {
    assertThat(EndpointDescription.parse("a\\:b:1").type()).isEqualTo("a:b");
  }

  @Test
  void keepsEmptyArgumentsAndValues() {
    EndpointDescription d = EndpointDescription.parse("tcp::x:interface=");

    assertThat(d.args()).containsExactly("", "x");
    assertThat(d.kwargs()).containsExactly(Map.entry("interface", ""));
  }

  @Test
  void typeAloneHasNoArguments() {
    EndpointDescription d = EndpointDescription.parse("tcp");

    assertThat(d.args()).isEmpty();
    assertThat(d.kwargs()).isEmpty();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("", "it is empty"),
        Arguments.of("   ", "it is empty"),
        Arguments.of("tcp:8080\\", "it ends with a lone backslash"),
        Arguments.of("unix:/tmp/s\\", "it ends with a lone backslash"),
        Arguments.of("tcp:8080:backlog=1:backlog=2", "argument 'backlog' is given twice"),
        Arguments.of("port=8080", "the endpoint type must not contain '='"),
        Arguments.of(":8080", "the endpoint type is missing before the first ':', e.g. tcp:8080"),
        Arguments.of(" :8080", "the endpoint type is missing before the first ':', e.g. tcp:8080"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void refusesMalformedStrings(String description, String problem) {
    assertThatThrownBy(() -> EndpointDescription.parse(description))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessage("invalid endpoint \"" + description + "\": " + problem);
  }

  @Test
  void refusesNull() {
    assertThatThrownBy(() -> EndpointDescription.parse(null))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessage("invalid endpoint \"null\": it is empty");
  }

  @Test
  void refusesBlankTypeWhenConstructed() {
    assertThatThrownBy(() -> new EndpointDescription(" ", List.of("1"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an endpoint type must not be blank");
  }

  @Test
  void formatsWithEscapes() {
    EndpointDescription d =
        new EndpointDescription(
            "unix", List.of("/a:b=c\\d"), new LinkedHashMap<>(Map.of("k=ey", "v=a:l")));

    assertThat(d.toString()).isEqualTo("unix:/a\\:b\\=c\\\\d:k\\=ey=v=a\\:l");
  }

  @Test
  void formatsKeywordsInTheirOrder() {
    Map<String, String> kwargs = new LinkedHashMap<>();
    kwargs.put("b", "2");
    kwargs.put("a", "1");

    assertThat(new EndpointDescription("x", List.of(), kwargs).toString()).isEqualTo("x:b=2:a=1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tcp:8080",
        "tcp:port=8080",
        "tcp6:8080:interface=\\:\\:1",
        "ssl:8443:privateKey=k.pem:certKey=c.pem",
        "unix:/tmp/a\\:b\\=c\\\\d:mode=660",
        "tcp:",
        "tcp::",
        "x:=v:a=",
        "a\\:b\\=c:1"
      })
  void formatReadsBackToAnEqualDescription(String text) {
    EndpointDescription d = EndpointDescription.parse(text);

    assertThat(EndpointDescription.parse(d.toString())).isEqualTo(d);
  }

  @Test
  void formatReadsBackForGeneratedDescriptions() {
    Random random = new Random(20240917L);
    for (int i = 0; i < 2000; i++) {
      EndpointDescription d = randomDescription(random);

      assertThat(EndpointDescription.parse(d.toString())).as("formatted as %s", d).isEqualTo(d);
    }
  }

  @Test
  void parsingIsStableForGeneratedStrings() {
    Random random = new Random(7L);
    int parsed = 0;
    for (int i = 0; i < 5000; i++) {
      String text = randomText(random, 1 + random.nextInt(20));
      EndpointDescription d;
      try {
        d = EndpointDescription.parse(text);
      } catch (EndpointSyntaxException refused) {
        continue;
      }
      parsed++;
      assertThat(EndpointDescription.parse(d.toString())).as("parsed from %s", text).isEqualTo(d);
    }
    assertThat(parsed).as("generated strings that parse").isGreaterThan(1000);
  }

  private static final String ALPHABET = "ab0:=\\ /.é";

  private static EndpointDescription randomDescription(Random random) {
    String type = "t" + randomText(random, random.nextInt(4));
    List<String> args = new ArrayList<>();
    for (int n = random.nextInt(4); n > 0; n--) {
      args.add(randomText(random, random.nextInt(6)));
    }
    Map<String, String> kwargs = new LinkedHashMap<>();
    for (int n = random.nextInt(4); n > 0; n--) {
      kwargs.put(randomText(random, random.nextInt(5)), randomText(random, random.nextInt(6)));
    }
    return new EndpointDescription(type, args, kwargs);
  }

  private static String randomText(Random random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }
}
