package io.twistd.bench;

/** One benchmark of the table: measures, then adds rows and details to the results. */
public interface Section {

  /** The name {@code --only} selects it by, e.g. {@code http}. */
  String name();

  /**
   * Measures and records into {@code context.results()}. Starts and stops every process it needs.
   *
   * @throws RuntimeException when a process fails; the message names its log
   */
  void run(BenchContext context);
}
