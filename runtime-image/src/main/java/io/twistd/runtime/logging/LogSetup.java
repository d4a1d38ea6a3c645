package io.twistd.runtime.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.twistd.api.config.LoggingConfig;
import java.util.Locale;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback from the config file's {@code logging:} section: JSON lines on stdout when it
 * is not a terminal (or {@code format: json}: {@code message} is the template, {@code
 * formattedMessage} the text with its arguments filled in), readable text on a terminal (or {@code
 * format: text}); the root level and per-logger levels. Levels can change at any time; the format
 * is set once at start.
 */
public final class LogSetup {

  private static final String TEXT_PATTERN =
      "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";

  private LogSetup() {}

  /** Replaces the logging configuration with the one {@code config} describes. */
  public static void apply(LoggingConfig config) {
    configure((LoggerContext) LoggerFactory.getILoggerFactory(), config);
  }

  /**
   * Replaces the configuration of {@code context} with the one {@code config} describes; for code
   * that holds the context before SLF4J is ready (a {@link BootLogConfigurator}).
   */
  static void configure(LoggerContext context, LoggingConfig config) {
    context.reset();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("stdout");
    console.setEncoder(encoder(context, useJson(config.getFormat())));
    console.start();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(console);
    applyLevels(context, config);
  }

  /** Applies the root and per-logger levels of {@code config}, leaving the format alone. */
  public static void applyLevels(LoggingConfig config) {
    applyLevels((LoggerContext) LoggerFactory.getILoggerFactory(), config);
  }

  private static void applyLevels(LoggerContext context, LoggingConfig config) {
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(level(config.getLevel()));
    context.getLogger("io.netty").setLevel(Level.WARN);
    for (Map.Entry<String, String> entry : config.getLoggers().entrySet()) {
      context.getLogger(entry.getKey()).setLevel(level(entry.getValue()));
    }
  }

  private static boolean useJson(String format) {
    if (format == null) {
      return System.console() == null;
    }
    return format.equals("json");
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
    if (json) {
      JsonEncoder encoder = new JsonEncoder();
      encoder.setContext(context);
      encoder.setWithSequenceNumber(false);
      encoder.setWithNanoseconds(false);
      encoder.setWithContext(false);
      // "message" is the template ("listening on {}"); a reader of kubectl logs needs it filled
      // in, and the filled-in text makes the arguments array redundant.
      encoder.setWithFormattedMessage(true);
      encoder.setWithArguments(false);
      encoder.start();
      return encoder;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(TEXT_PATTERN);
    encoder.start();
    return encoder;
  }

  private static Level level(String name) {
    return Level.toLevel(name == null ? "info" : name.toUpperCase(Locale.ROOT), Level.INFO);
  }
}
