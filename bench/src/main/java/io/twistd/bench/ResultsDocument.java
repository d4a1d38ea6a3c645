package io.twistd.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Writes a run's results into {@code bench/RESULTS.md}: the part between the {@code results:begin}
 * and {@code results:end} markers is replaced (machine, command, table, every round); the text
 * around it — method and analysis, written by people — stays. A file without markers gets them
 * appended.
 */
final class ResultsDocument {

  static final String BEGIN = "<!-- results:begin (bench/run.sh rewrites this part) -->";
  static final String END = "<!-- results:end -->";

  private ResultsDocument() {}

  static void write(Path file, String heading, String machine, String command, Results results) {
    String generated =
        String.join(
            "\n",
            BEGIN,
            "## " + heading,
            "",
            "Command: `" + command + "`",
            "",
            machine,
            "",
            "| what | ours | references (same run) | target | verdict |",
            "|---|---|---|---|---|",
            results.rows().stream()
                .map(
                    row ->
                        "| %s | %s | %s | %s | %s |"
                            .formatted(
                                row.what(),
                                row.ours(),
                                row.references(),
                                row.target(),
                                row.verdict()))
                .collect(Collectors.joining("\n")),
            "",
            "<details><summary>Every round</summary>",
            "",
            "```",
            String.join("\n", results.details()),
            "```",
            "",
            "</details>",
            END);
    try {
      String existing = Files.exists(file) ? Files.readString(file) : "";
      int begin = existing.indexOf(BEGIN);
      int end = existing.indexOf(END);
      String updated =
          begin >= 0 && end > begin
              ? existing.substring(0, begin) + generated + existing.substring(end + END.length())
              : existing + (existing.isEmpty() ? "" : "\n") + generated + "\n";
      Files.writeString(file, updated);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
