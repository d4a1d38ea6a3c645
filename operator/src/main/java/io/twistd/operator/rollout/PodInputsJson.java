package io.twistd.operator.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * {@link PodInputs} as canonical JSON: properties and map keys sorted, empty values left out, so
 * that equal inputs always give equal text (and so equal revision hashes).
 *
 * <p>Thread-safe.
 */
final class PodInputsJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .serializationInclusion(JsonInclude.Include.NON_EMPTY)
          .build();

  private PodInputsJson() {}

  static String write(PodInputs inputs) {
    try {
      return MAPPER.writeValueAsString(inputs);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write pod inputs as JSON", e);
    }
  }

  /**
   * @throws IllegalArgumentException when {@code json} is not pod inputs
   */
  static PodInputs read(String json) {
    try {
      return MAPPER.readValue(json, PodInputs.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not pod inputs: " + e.getOriginalMessage(), e);
    }
  }
}
