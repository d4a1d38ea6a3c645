package io.twistd.deploy.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

/** {@code helm lint --strict} finds nothing wrong with the chart. */
class ChartLintTest {

  @Test
  void lintsWithoutWarningsOrErrorsInStrictMode() {
    LintResult result = Chart.helm().lint().strict().call();

    assertThat(result.isFailed()).as("lint failed: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }
}
