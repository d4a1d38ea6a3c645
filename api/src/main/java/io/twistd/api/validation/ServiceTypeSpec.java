package io.twistd.api.validation;

import java.util.List;
import java.util.Optional;

/**
 * What a service type accepts: whether it listens, whether it holds children, and its options. The
 * same description validates a config file in the runtime and a resource in the operator.
 *
 * @param type the type name used in {@code type:}
 * @param description one line of help
 * @param listening whether {@code listen:} is required, optional or forbidden
 * @param container whether the type holds child services (only {@code multi} does)
 * @param options the options it accepts
 * @param exactlyOneOf groups of option names of which exactly one must be given
 */
public record ServiceTypeSpec(
    String type,
    String description,
    Listening listening,
    boolean container,
    List<OptionSpec> options,
    List<List<String>> exactlyOneOf) {

  /** Whether a service type takes endpoints to listen on. */
  public enum Listening {
    /** At least one endpoint is required. */
    REQUIRED,
    /** The type never listens; {@code listen:} is refused. */
    NONE
  }

  public ServiceTypeSpec {
    options = List.copyOf(options);
    exactlyOneOf = exactlyOneOf.stream().map(List::copyOf).toList();
  }

  /** A leaf type that listens, with the given options. */
  public static ServiceTypeSpec listening(String type, String description, OptionSpec... options) {
    return new ServiceTypeSpec(
        type, description, Listening.REQUIRED, false, List.of(options), List.of());
  }

  /** The option named {@code name}, if the type has one. */
  public Optional<OptionSpec> option(String name) {
    return options.stream().filter(o -> o.name().equals(name)).findFirst();
  }
}
