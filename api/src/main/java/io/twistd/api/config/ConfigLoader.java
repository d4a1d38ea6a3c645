package io.twistd.api.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.twistd.api.validation.ConfigValidator;
import io.twistd.api.validation.ServiceTypeCatalog;
import io.twistd.api.validation.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads {@code app.yaml}: parses the YAML, binds it to an {@link AppConfig} and validates it. A
 * file that cannot be used is refused with an {@link InvalidConfigException} that lists every
 * problem with its file, line, column and path.
 *
 * <p>Thread-safe; one instance can load any number of files.
 */
public final class ConfigLoader {

  private static final Comparator<ConfigProblem> IN_DOCUMENT_ORDER =
      Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column);

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
          List.of(new ConfigProblem(file.toString(), 0, 0, "", cannotRead(e))));
    }
    return parse(text, file.toString());
  }

  /**
   * Parses and validates {@code text}; {@code source} names it in problems (a file name).
   *
   * @throws InvalidConfigException when it cannot be parsed, bound or validated; it lists every
   *     problem in document order, except that a YAML syntax error, a repeated key or a second
   *     document is reported alone, as nothing after it can be trusted
   */
  public AppConfig parse(String text, String source) {
    if (text.isBlank()) {
      throw new InvalidConfigException(
          List.of(new ConfigProblem(source, 0, 0, "", "the file is empty")));
    }
    SourceLocations locations = SourceLocations.scan(mapper.getFactory(), text);
    BindingProblems binding = new BindingProblems(source, locations);
    AppConfig config = bind(text, source, locations, binding);
    List<ConfigProblem> problems = new ArrayList<>(binding.problems());
    if (config == null && problems.isEmpty()) {
      problems.add(
          new ConfigProblem(
              source,
              0,
              0,
              "",
              "the file holds no settings; expected a mapping with application and services"));
    }
    if (config != null) {
      for (Violation v : validator.validate(config)) {
        if (!binding.covers(v.path())) {
          problems.add(locate(v, source, locations));
        }
      }
    }
    if (!problems.isEmpty()) {
      problems.sort(IN_DOCUMENT_ORDER);
      throw new InvalidConfigException(problems);
    }
    return config;
  }

  /**
   * Reads {@code text} into a config without checking it against the service types: for files this
   * project wrote itself from a checked config, whose types may belong to plugins this loader's
   * catalog does not know.
   *
   * @throws InvalidConfigException when it cannot be parsed or bound
   */
  public AppConfig readUnchecked(String text, String source) {
    SourceLocations locations = SourceLocations.scan(mapper.getFactory(), text);
    BindingProblems binding = new BindingProblems(source, locations);
    AppConfig config = bind(text, source, locations, binding);
    if (!binding.problems().isEmpty() || config == null) {
      throw new InvalidConfigException(
          binding.problems().isEmpty()
              ? List.of(new ConfigProblem(source, 0, 0, "", "the file holds no settings"))
              : binding.problems());
    }
    return config;
  }

  private AppConfig bind(
      String text, String source, SourceLocations locations, BindingProblems binding) {
    try {
      return binding.attachTo(mapper.readerFor(AppConfig.class)).readValue(text);
    } catch (JsonProcessingException e) {
      throw new InvalidConfigException(List.of(BindingErrors.problem(e, source, locations)));
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

  private static String cannotRead(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "cannot read the file: it does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return "cannot read the file: permission denied";
    }
    if (e instanceof MalformedInputException) {
      return "cannot read the file: it is not UTF-8 text";
    }
    return "cannot read the file: " + (e.getMessage() == null ? e.toString() : e.getMessage());
  }

  private static ObjectMapper newMapper() {
    YAMLFactory factory =
        YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .stringQuotingChecker(new ScalarQuoting())
            // "key:" with nothing after it means null, as in every other YAML reader
            .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
            .build();
    return YAMLMapper.builder(factory)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .addHandler(BindingProblems.HANDLER)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
        .build();
  }
}
