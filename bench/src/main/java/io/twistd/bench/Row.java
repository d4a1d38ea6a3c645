package io.twistd.bench;

/**
 * One line of the results table.
 *
 * @param what what was measured, and how
 * @param ours the runtime's (or operator's) figure
 * @param references the references' figures, in the same run
 * @param target the goal from the issue
 * @param verdict whether the goal was met
 */
public record Row(String what, String ours, String references, String target, Verdict verdict) {

  /** Whether a row's goal was met. */
  public enum Verdict {
    MET("met"),
    MISSED("**missed**"),
    /** The row only reports; the issue sets it no goal. */
    REPORTED("—");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    /** {@link #MET} when {@code met}, else {@link #MISSED}. */
    public static Verdict of(boolean met) {
      return met ? MET : MISSED;
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
