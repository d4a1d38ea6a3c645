package io.twistd.api.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.twistd.api.validation.ConfigValidator;
import io.twistd.api.validation.ServiceTypeCatalog;
import io.twistd.api.validation.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads {@code app.yaml}: parses the YAML, binds it to an {@link AppConfig} and validates it. A
 * file that cannot be used is refused with an {@link InvalidConfigException} that lists every
 * problem with its file, line, column and path.
 *
 * <p>Thread-safe; one instance can load any number of files.
 */
public final class ConfigLoader {

  private final ObjectMapper mapper;
  private final ConfigValidator validator;

  /**
   * @param catalog the service types a config may name
   */
  public ConfigLoader(ServiceTypeCatalog catalog) {
    this.mapper = newMapper();
    this.validator = new ConfigValidator(catalog);
  }

  /**
   * Loads and validates the file at {@code file}.
   *
   * @throws InvalidConfigException when it cannot be read, parsed, bound or validated
   */
  public AppConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidConfigException(
          List.of(new ConfigProblem(file.toString(), 0, 0, "", "cannot read the file: " + e)));
    }
    return parse(text, file.toString());
  }

  /**
   * Parses and validates {@code text}; {@code source} names it in problems (a file name).
   *
   * @throws InvalidConfigException when it cannot be parsed, bound or validated
   */
  public AppConfig parse(String text, String source) {
    if (text.isBlank()) {
      throw new InvalidConfigException(
          List.of(new ConfigProblem(source, 0, 0, "", "the file is empty")));
    }
    SourceLocations locations = SourceLocations.scan(mapper.getFactory(), text);
    AppConfig config = bind(text, source);
    List<Violation> violations = validator.validate(config);
    if (!violations.isEmpty()) {
      throw new InvalidConfigException(
          violations.stream().map(v -> locate(v, source, locations)).toList());
    }
    return config;
  }

  private AppConfig bind(String text, String source) {
    try {
      AppConfig config = mapper.readValue(text, AppConfig.class);
      if (config == null) {
        throw new InvalidConfigException(
            List.of(new ConfigProblem(source, 0, 0, "", "the file holds no document")));
      }
      return config;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int line = at == null ? 0 : at.getLineNr();
      int column = at == null ? 0 : at.getColumnNr();
      throw new InvalidConfigException(
          List.of(
              new ConfigProblem(
                  source,
                  Math.max(line, 0),
                  Math.max(column, 0),
                  BindingErrors.path(e),
                  BindingErrors.message(e))));
    }
  }

  private static ConfigProblem locate(Violation v, String source, SourceLocations locations) {
    SourceLocations.Position at = locations.find(v.path());
    return new ConfigProblem(source, at.line(), at.column(), v.path(), v.message());
  }

  /**
   * Writes {@code config} as YAML in the shape {@link #parse} reads back; the operator writes it
   * into ConfigMaps, so the output is stable for equal configs.
   */
  public String write(AppConfig config) {
    try {
      return mapper.writeValueAsString(config);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectMapper newMapper() {
    YAMLFactory factory =
        YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();
    return YAMLMapper.builder(factory)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .build();
  }
}
