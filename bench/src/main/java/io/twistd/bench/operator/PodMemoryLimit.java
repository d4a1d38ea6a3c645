package io.twistd.bench.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The memory limit the Helm chart gives the operator's container ({@code resources.limits.memory}
 * in its values), as a JVM flag: in its pod the JVM sizes its heap from that limit, so the operator
 * started here is told it with {@code -XX:MaxRAM} (without it, the JVM sizes itself from the whole
 * machine and its resident memory says nothing about the pod's).
 */
final class PodMemoryLimit {

  private PodMemoryLimit() {}

  /**
   * {@code -XX:MaxRAM=BYTES} for the limit in {@code values}.
   *
   * @throws IllegalStateException when the values set no memory limit
   */
  static String maxRamFlag(Path values) {
    JsonNode limit;
    try {
      limit =
          new ObjectMapper(new YAMLFactory())
              .readTree(values.toFile())
              .at("/resources/limits/memory");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + values, e);
    }
    if (!limit.isTextual() && !limit.isNumber()) {
      throw new IllegalStateException(values + " sets no resources.limits.memory for the operator");
    }
    long bytes = Quantity.getAmountInBytes(new Quantity(limit.asText())).longValueExact();
    return "-XX:MaxRAM=" + bytes;
  }
}
