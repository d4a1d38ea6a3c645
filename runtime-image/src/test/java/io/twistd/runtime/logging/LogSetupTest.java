package io.twistd.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twistd.api.config.LoggingConfig;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link LogSetup}: what a log line looks like in each format, and the levels it sets. */
class LogSetupTest {

  private final LoggerContext context = newContext();

  private static LoggerContext newContext() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter()); // what SLF4J's binding gives a real one
    return context;
  }

  private String encode(String format, String template, Object... arguments) {
    LoggingConfig config = new LoggingConfig();
    config.setFormat(format);
    LogSetup.configure(context, config);
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ConsoleAppender<ILoggingEvent> console =
        (ConsoleAppender<ILoggingEvent>) root.getAppender("stdout");
    LoggingEvent event =
        new LoggingEvent(
            LogSetupTest.class.getName(),
            context.getLogger("io.twistd.runtime.web"),
            Level.INFO,
            template,
            null,
            arguments);
    return new String(console.getEncoder().encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void aJsonLineCarriesTheMessageWithItsArgumentsFilledIn() throws Exception {
    String line = encode("json", "listening on {} for {}", "tcp:8080", "web");

    JsonNode json = new ObjectMapper().readTree(line);
    assertThat(json.get("formattedMessage").asText()).isEqualTo("listening on tcp:8080 for web");
    assertThat(json.get("message").asText()).isEqualTo("listening on {} for {}");
    assertThat(json.has("arguments")).isFalse();
    assertThat(json.get("level").asText()).isEqualTo("INFO");
    assertThat(json.get("loggerName").asText()).isEqualTo("io.twistd.runtime.web");
  }

  @Test
  void aTextLineCarriesTheMessageWithItsArgumentsFilledIn() {
    String line = encode("text", "listening on {}", "tcp:8080");

    assertThat(line).contains("INFO").endsWith("- listening on tcp:8080" + System.lineSeparator());
  }

  @Test
  void setsTheRootLevelAndEachNamedLoggersLevel() {
    LoggingConfig config = new LoggingConfig();
    config.setLevel("debug");
    config.setLoggers(Map.of("io.twistd.runtime.web", "error"));

    LogSetup.configure(context, config);

    assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel())
        .isEqualTo(Level.DEBUG);
    assertThat(context.getLogger("io.twistd.runtime.web").getLevel()).isEqualTo(Level.ERROR);
    assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
  }
}
