package io.twistd.examples.greeter;

import io.twistd.api.validation.OptionSpec;
import io.twistd.api.validation.OptionType;
import io.twistd.api.validation.ServiceTypeSpec;
import io.twistd.runtime.config.SharedConfig;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceMaker;
import io.twistd.runtime.plugin.ServiceSettings;
import io.twistd.runtime.service.Service;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes {@code greeter} services: a line protocol that answers each line {@code name} with {@code
 * greeting, name!}. Found by the runtime through {@code
 * META-INF/services/io.twistd.runtime.plugin.ServiceMaker}, like any plugin.
 *
 * <p>The greeting is the {@code greeting} option when given; otherwise the application config's
 * {@code greeting} as it is at each line (so a config change applies at once), else {@value
 * #FALLBACK_GREETING}.
 */
public final class GreeterServiceMaker implements ServiceMaker {

  /** The greeting when neither the option nor the application config gives one. */
  public static final String FALLBACK_GREETING = "Hello";

  /** The {@code greeter} type: listens, one optional option. */
  public static final ServiceTypeSpec SPEC =
      ServiceTypeSpec.listening(
          "greeter",
          "Answers each line 'name' with 'greeting, name!'",
          OptionSpec.optional(
              "greeting",
              OptionType.STRING,
              null,
              "the greeting; when unset, config.greeting, else " + FALLBACK_GREETING));

  @Override
  public ServiceTypeSpec spec() {
    return SPEC;
  }

  @Override
  public Service makeService(ServiceSettings settings, ServiceContext context) {
    Optional<Object> fixed = settings.options().find("greeting");
    Supplier<String> greeting =
        fixed.isPresent() ? () -> (String) fixed.get() : () -> fromConfig(context.config());
    return new GreeterService(settings, context, new GreeterHandler(greeting));
  }

  private static String fromConfig(SharedConfig config) {
    Object value = config.current().get("greeting");
    return value == null ? FALLBACK_GREETING : value.toString();
  }
}
