package io.twistd.runtime.config.reload;

import java.util.List;

/**
 * What an applied reload changed.
 *
 * @param changes one line per service changed, e.g. {@code web: options changed in place}; empty
 *     when the services stayed as they were
 * @param otherChanges what else changed live, e.g. {@code config}, {@code logging levels}
 * @param restartRequired settings that changed but apply only at the next restart, e.g. {@code
 *     admin.listen}
 */
public record ReloadReport(
    List<String> changes, List<String> otherChanges, List<String> restartRequired) {

  public ReloadReport {
    changes = List.copyOf(changes);
    otherChanges = List.copyOf(otherChanges);
    restartRequired = List.copyOf(restartRequired);
  }

  /** One line for the log. */
  public String summary() {
    if (changes.isEmpty() && otherChanges.isEmpty()) {
      return "no service changed";
    }
    List<String> all = new java.util.ArrayList<>(changes);
    all.addAll(otherChanges.stream().map(change -> change + " changed").toList());
    return String.join("; ", all);
  }
}
