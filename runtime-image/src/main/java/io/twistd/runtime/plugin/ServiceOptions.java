package io.twistd.runtime.plugin;

import io.twistd.api.validation.OptionSpec;
import io.twistd.api.validation.ServiceTypeSpec;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One service's options, converted to the types its {@link ServiceTypeSpec} declares, with defaults
 * filled in. Immutable.
 */
public final class ServiceOptions {

  private final ServiceTypeSpec spec;
  private final Map<String, Object> values;

  private ServiceOptions(ServiceTypeSpec spec, Map<String, Object> values) {
    this.spec = spec;
    this.values = values;
  }

  /**
   * Converts {@code raw} (as written in YAML or on the command line) against {@code spec}.
   *
   * @throws IllegalArgumentException naming the first option that is unknown, missing or of the
   *     wrong type
   */
  public static ServiceOptions of(ServiceTypeSpec spec, Map<String, ?> raw) {
    Map<String, Object> values = new LinkedHashMap<>();
    raw.forEach(
        (name, value) -> {
          OptionSpec option =
              spec.option(name)
                  .orElseThrow(
                      () ->
                          new IllegalArgumentException(
                              "unknown option '" + name + "' for '" + spec.type() + "'"));
          if (value != null) {
            try {
              values.put(name, option.convert(value));
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException("option '" + name + "': " + e.getMessage(), e);
            }
          }
        });
    for (OptionSpec option : spec.options()) {
      if (!values.containsKey(option.name())) {
        option.convertedDefault().ifPresent(value -> values.put(option.name(), value));
      }
      if (option.required() && !values.containsKey(option.name())) {
        throw new IllegalArgumentException(
            "option '" + option.name() + "' of '" + spec.type() + "' is required");
      }
    }
    return new ServiceOptions(spec, Map.copyOf(values));
  }

  /** The value of {@code name}, if given or defaulted. */
  public Optional<Object> find(String name) {
    declared(name);
    return Optional.ofNullable(values.get(name));
  }

  /** A string option that has a value (required or defaulted). */
  public String string(String name) {
    return (String) required(name);
  }

  /** An integer option that has a value. */
  public int integer(String name) {
    return (Integer) required(name);
  }

  /** A boolean option that has a value. */
  public boolean bool(String name) {
    return (Boolean) required(name);
  }

  /** A duration option that has a value. */
  public Duration duration(String name) {
    return (Duration) required(name);
  }

  /** A URL option that has a value. */
  public URI url(String name) {
    return (URI) required(name);
  }

  /** Every value, by option name. */
  public Map<String, Object> asMap() {
    return values;
  }

  private Object required(String name) {
    return find(name)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "option '" + name + "' of '" + spec.type() + "' has no value"));
  }

  private void declared(String name) {
    if (spec.option(name).isEmpty()) {
      throw new IllegalArgumentException("'" + spec.type() + "' declares no option '" + name + "'");
    }
  }
}
