package io.twistd.deploy.chart;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A values file that breaks values.schema.json is refused, naming the value and the problem. The
 * messages are those of helm-java's Helm engine; the Helm 3.19 CLI words them differently ({@code
 * at '/logLevel': value must be one of ...}) from the same schema.
 */
class ChartValuesSchemaTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          invalid-replica-count.yaml | replicaCount: Invalid type. Expected: integer, given: string
          invalid-log-level.yaml     | logLevel: logLevel must be one of the following: "trace", "debug", "info", "warn", "error"
          invalid-pull-policy.yaml   | image.pullPolicy: image.pullPolicy must be one of the following: "Always", "IfNotPresent", "Never"
          invalid-namespace.yaml     | watchNamespaces.0: Does not match pattern '^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$'
          invalid-unknown-value.yaml | (root): Additional property replicas is not allowed
          invalid-memory.yaml        | resources.limits.memory: Does not match pattern
          """)
  void refusesAValuesFileThatBreaksTheSchema(String file, String message) {
    assertThatThrownBy(() -> Chart.render(ChartRenderingTest.values(file)))
        .hasMessageContaining("values don't meet the specifications of the schema")
        .hasMessageContaining(message);
  }
}
