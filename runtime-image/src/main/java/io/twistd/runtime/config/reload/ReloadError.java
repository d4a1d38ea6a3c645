package io.twistd.runtime.config.reload;

import io.twistd.api.config.ConfigProblem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why the last reload was not applied, as {@code /status} shows it.
 *
 * @param at when the reload was refused
 * @param outcome {@code invalid} (the file did not pass validation) or {@code failed} (a valid file
 *     could not be applied; the previous configuration still runs)
 * @param message the whole error in one text, problems one per line as {@code file:line:column:
 *     path: message}
 * @param problems each problem of an invalid file, located; empty for a failed reload
 */
public record ReloadError(
    Instant at, String outcome, String message, List<ConfigProblem> problems) {

  public ReloadError {
    problems = List.copyOf(problems);
  }

  /** The JSON shape of {@code /status}. */
  Map<String, Object> toStatus() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("at", at.toString());
    out.put("outcome", outcome);
    out.put("message", message);
    out.put(
        "problems",
        problems.stream()
            .map(
                problem -> {
                  Map<String, Object> entry = new LinkedHashMap<>();
                  entry.put("file", problem.source());
                  entry.put("line", problem.line());
                  entry.put("column", problem.column());
                  entry.put("path", problem.path());
                  entry.put("message", problem.message());
                  return entry;
                })
            .toList());
    return out;
  }
}
