package io.twistd.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run measured: table rows, and the detail lines under them (every round, so a median can be
 * checked). Sections add to it; {@link ResultsDocument} writes it. Thread-confined to the harness's
 * main thread.
 */
public final class Results {

  private final List<Row> rows = new ArrayList<>();
  private final List<String> details = new ArrayList<>();

  public void add(Row row) {
    rows.add(row);
  }

  /** A line of detail, e.g. one round's figures; formatted with {@link String#format}. */
  public void detail(String format, Object... args) {
    String line = String.format(java.util.Locale.ROOT, format, args);
    details.add(line);
    org.slf4j.LoggerFactory.getLogger(Results.class).info(line);
  }

  public List<Row> rows() {
    return List.copyOf(rows);
  }

  public List<String> details() {
    return List.copyOf(details);
  }
}
