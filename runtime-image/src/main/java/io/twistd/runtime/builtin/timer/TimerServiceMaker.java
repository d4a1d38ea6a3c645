package io.twistd.runtime.builtin.timer;

import io.twistd.api.validation.BuiltinServiceTypes;
import io.twistd.api.validation.ServiceTypeSpec;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceMaker;
import io.twistd.runtime.plugin.ServiceOptions;
import io.twistd.runtime.plugin.ServiceSettings;
import io.twistd.runtime.service.Service;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Makes {@code timer} services: {@link BuiltinServiceTypes#TIMER}. The action is {@code log} or
 * {@code http}, exactly one; an {@code http} GET times out after the interval or 30 seconds,
 * whichever is shorter.
 */
public final class TimerServiceMaker implements ServiceMaker {

  /** The longest an {@code http} action's GET may take, however long the interval. */
  public static final Duration MAX_HTTP_TIMEOUT = Duration.ofSeconds(30);

  @Override
  public ServiceTypeSpec spec() {
    return BuiltinServiceTypes.TIMER;
  }

  @Override
  public Service makeService(ServiceSettings settings, ServiceContext context) {
    Duration interval = settings.options().duration("interval");
    TimerAction action = action(settings, interval);
    return new TimerService(
        settings.name(),
        settings.path(),
        context.transport().workers(),
        context.metrics(),
        new TimerSettings(interval, action));
  }

  private static TimerAction action(ServiceSettings settings, Duration interval) {
    ServiceOptions options = settings.options();
    Optional<Object> message = options.find("log");
    Optional<Object> url = options.find("http");
    if (message.isPresent() == url.isPresent()) {
      throw new IllegalArgumentException(
          "timer '"
              + settings.path()
              + "' needs exactly one of the options 'log' and 'http', got "
              + (message.isPresent() ? "both" : "neither"));
    }
    if (message.isPresent()) {
      return new LogAction(settings.path(), (String) message.get());
    }
    Duration timeout = interval.compareTo(MAX_HTTP_TIMEOUT) < 0 ? interval : MAX_HTTP_TIMEOUT;
    return new HttpAction((URI) url.get(), timeout);
  }
}
