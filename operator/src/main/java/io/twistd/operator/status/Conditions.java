package io.twistd.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds the status conditions of a reconcile from the previous ones, keeping a condition's {@code
 * lastTransitionTime} unless its status changes, as the Kubernetes API conventions ask.
 */
public final class Conditions {

  /** The application serves at the desired scale and revision. */
  public static final String READY = "Ready";

  /** A rollout is under way. */
  public static final String PROGRESSING = "Progressing";

  /** A rollout failed, or pods fail. */
  public static final String DEGRADED = "Degraded";

  /** The spec passed the operator's semantic validation. */
  public static final String CONFIG_VALID = "ConfigValid";

  private final List<Condition> previous;
  private final long generation;
  private final List<Condition> next = new ArrayList<>();

  /**
   * @param previous the conditions currently in the status (may be empty)
   * @param generation the spec generation they describe
   */
  public Conditions(List<Condition> previous, long generation) {
    this.previous = previous;
    this.generation = generation;
  }

  /** Sets condition {@code type}. */
  public Conditions set(String type, boolean status, String reason, String message) {
    String value = status ? "True" : "False";
    Optional<Condition> before = find(previous, type);
    String since =
        before
            .filter(c -> value.equals(c.getStatus()))
            .map(Condition::getLastTransitionTime)
            .orElseGet(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    next.add(
        new ConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(reason)
            .withMessage(message)
            .withObservedGeneration(generation)
            .withLastTransitionTime(since)
            .build());
    return this;
  }

  /** The conditions set so far, in the order they were set. */
  public List<Condition> build() {
    return List.copyOf(next);
  }

  /** The condition of {@code type} in {@code conditions}. */
  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  /** Whether {@code a} and {@code b} say the same (status, reason, message), ignoring times. */
  public static boolean sameMeaning(Condition a, Condition b) {
    return Objects.equals(a.getStatus(), b.getStatus())
        && Objects.equals(a.getReason(), b.getReason())
        && Objects.equals(a.getMessage(), b.getMessage());
  }
}
