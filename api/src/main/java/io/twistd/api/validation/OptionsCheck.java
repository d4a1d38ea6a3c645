package io.twistd.api.validation;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Checks one service's {@code options:} against its type's option specs. */
final class OptionsCheck {

  private final ServiceTypeSpec spec;
  private final Map<String, Object> options;
  private final String path;
  private final List<Violation> out;

  OptionsCheck(
      ServiceTypeSpec spec, Map<String, Object> options, String path, List<Violation> out) {
    this.spec = spec;
    this.options = options;
    this.path = path;
    this.out = out;
  }

  void run() {
    options.forEach(this::checkGiven);
    for (OptionSpec option : spec.options()) {
      if (option.required() && options.get(option.name()) == null) {
        out.add(
            new Violation(
                path + "." + option.name(),
                "required option of '"
                    + spec.type()
                    + "' is missing ("
                    + option.type().label()
                    + ": "
                    + option.description()
                    + ")"));
      }
    }
    for (List<String> group : spec.exactlyOneOf()) {
      List<String> given = group.stream().filter(name -> options.get(name) != null).toList();
      if (given.isEmpty()) {
        out.add(
            new Violation(
                path,
                "'"
                    + spec.type()
                    + "' needs one of "
                    + String.join(", ", group)
                    + "; none is given"));
      } else if (given.size() > 1) {
        out.add(
            new Violation(
                path,
                "'"
                    + spec.type()
                    + "' takes only one of "
                    + String.join(", ", group)
                    + "; got "
                    + String.join(" and ", given)));
      }
    }
  }

  private void checkGiven(String name, Object value) {
    OptionSpec option = spec.option(name).orElse(null);
    if (option == null) {
      out.add(new Violation(path + "." + name, unknownOption(name)));
      return;
    }
    if (value == null) {
      if (option.required()) {
        return; // reported as missing
      }
      out.add(new Violation(path + "." + name, "has no value; give one or leave the option out"));
      return;
    }
    try {
      option.convert(value);
    } catch (IllegalArgumentException e) {
      out.add(new Violation(path + "." + name, e.getMessage()));
    }
  }

  private String unknownOption(String name) {
    if (spec.options().isEmpty()) {
      return "unknown option '" + name + "': '" + spec.type() + "' takes no options";
    }
    String known = spec.options().stream().map(OptionSpec::name).collect(Collectors.joining(", "));
    return "unknown option '" + name + "' for '" + spec.type() + "' (known: " + known + ")";
  }
}
