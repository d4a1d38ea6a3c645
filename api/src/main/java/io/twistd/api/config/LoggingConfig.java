package io.twistd.api.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.LinkedHashMap;
import java.util.Map;

/** Log level and output format. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class LoggingConfig {

  @JsonPropertyDescription("The root log level: trace, debug, info, warn, error or off.")
  private String level = "info";

  @JsonPropertyDescription(
      "json or text; unset means json when stdout is not a terminal, text when it is.")
  private String format;

  @JsonPropertyDescription("Per-logger levels by logger name, e.g. {io.netty: warn}.")
  private Map<String, String> loggers = new LinkedHashMap<>();

  /** The root log level: trace, debug, info, warn, error or off. */
  public String getLevel() {
    return level;
  }

  public void setLevel(String level) {
    this.level = level;
  }

  /** json or text; unset means json when stdout is not a terminal, text when it is. */
  public String getFormat() {
    return format;
  }

  public void setFormat(String format) {
    this.format = format;
  }

  /** Per-logger levels, by logger name (e.g. {@code io.netty: warn}). */
  public Map<String, String> getLoggers() {
    return loggers;
  }

  public void setLoggers(Map<String, String> loggers) {
    this.loggers = loggers == null ? new LinkedHashMap<>() : loggers;
  }
}
