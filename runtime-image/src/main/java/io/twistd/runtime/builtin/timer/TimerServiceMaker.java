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
    return new TimerService(
        settings.name(),
        settings.path(),
        context.transport().workers(),
        context.metrics(),
        settings(settings.path(), settings.options()));
  }

  /**
   * The interval and action that {@code options} describe.
   *
   * @param path the service's path, for messages and logs
   * @throws IllegalArgumentException when the options do not give exactly one action
   */
  static TimerSettings settings(String path, ServiceOptions options) {
    Duration interval = options.duration("interval");
    return new TimerSettings(interval, action(path, options, interval));
  }

  private static TimerAction action(String path, ServiceOptions options, Duration interval) {
    Optional<Object> message = options.find("log");
    Optional<Object> url = options.find("http");
    if (message.isPresent() == url.isPresent()) {
      throw new IllegalArgumentException(
          "timer '"
              + path
              + "' needs exactly one of the options 'log' and 'http', got "
              + (message.isPresent() ? "both" : "neither"));
    }
    if (message.isPresent()) {
      return new LogAction(path, (String) message.get());
    }
    Duration timeout = interval.compareTo(MAX_HTTP_TIMEOUT) < 0 ? interval : MAX_HTTP_TIMEOUT;
    return new HttpAction((URI) url.get(), timeout);
  }
}
