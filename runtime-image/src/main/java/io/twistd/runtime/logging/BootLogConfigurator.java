package io.twistd.runtime.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.twistd.api.config.LoggingConfig;
import java.util.List;
import java.util.function.Predicate;

/**
 * Logback's configuration until the config file is read (then {@link LogSetup} replaces it): text
 * on stdout, level info, Netty at warn. Found by Logback through {@code
 * META-INF/services/ch.qos.logback.classic.spi.Configurator}, it stands in for a {@code
 * logback.xml}: configured in code, Logback never loads its XML configurator and parser (some 600
 * classes), which cost the runtime about a quarter of its start-up CPU time and several MiB of
 * metaspace.
 *
 * <p>A {@code logback.xml} or {@code logback-test.xml} on the class path, or the {@code
 * logback.configurationFile} property, still wins: this configurator then leaves the work to
 * Logback's usual ones. Logback creates it; stateless.
 */
public final class BootLogConfigurator extends ContextAwareBase implements Configurator {

  private static final List<String> CONFIG_FILES = List.of("logback-test.xml", "logback.xml");

  private final Predicate<String> onClassPath;

  /** The configurator Logback instantiates, looking for config files on its own class path. */
  public BootLogConfigurator() {
    this(name -> BootLogConfigurator.class.getClassLoader().getResource(name) != null);
  }

  BootLogConfigurator(Predicate<String> onClassPath) {
    this.onClassPath = onClassPath;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || CONFIG_FILES.stream().anyMatch(onClassPath)) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LoggingConfig boot = new LoggingConfig();
    boot.setFormat("text");
    LogSetup.configure(context, boot);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
