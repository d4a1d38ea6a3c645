package io.twistd.runtime.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** {@link BootLogConfigurator}: Logback finds it; it sets up text logging unless a file exists. */
class BootLogConfiguratorTest {

  @Test
  void logbackFindsItAsAService() {
    assertThat(ServiceLoader.load(Configurator.class).stream().map(ServiceLoader.Provider::type))
        .containsExactly(BootLogConfigurator.class);
  }

  @Test
  void withoutAConfigFileLogsTextToStdoutAtInfoWithNettyAtWarn() {
    LoggerContext context = new LoggerContext();

    Configurator.ExecutionStatus status =
        new BootLogConfigurator(resource -> false).configure(context);

    assertThat(status).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
    assertThat(root.getAppender("stdout"))
        .isInstanceOfSatisfying(
            ConsoleAppender.class,
            console -> assertThat(console.getEncoder()).isInstanceOf(PatternLayoutEncoder.class));
  }

  @Test
  void aLogbackFileOnTheClassPathIsLeftToLogback() {
    LoggerContext context = new LoggerContext();

    // this module's tests have a logback-test.xml
    Configurator.ExecutionStatus status = new BootLogConfigurator().configure(context);

    assertThat(status).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("stdout")).isNull();
  }
}
