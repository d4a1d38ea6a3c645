package io.twistd.testenv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestEnvBinariesTest {

  @TempDir Path root;

  @Test
  void readsVersionAndUsesTheKubeApiTestLayout() throws IOException {
    Files.writeString(root.resolve("VERSION"), "v1.34.4\n");

    TestEnvBinaries binaries = TestEnvBinaries.locate(env(), null);

    assertThat(binaries.version()).isEqualTo("1.34.4");
    assertThat(binaries.directory()).isEqualTo(root.resolve("k8s/1.34.4-linux-amd64"));
  }

  @Test
  void systemPropertyWinsOverEnvironment(@TempDir Path other) throws IOException {
    Files.writeString(other.resolve("VERSION"), "1.33.6");

    TestEnvBinaries binaries = TestEnvBinaries.locate(env(), other.toString());

    assertThat(binaries.root()).isEqualTo(other);
    assertThat(binaries.version()).isEqualTo("1.33.6");
  }

  @Test
  void missingVersionFileSaysToRunTheScript() {
    assertThatThrownBy(() -> TestEnvBinaries.locate(env(), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no VERSION file at " + root.resolve("VERSION"))
        .hasMessageContaining("bash scripts/testenv");
  }

  @Test
  void missingBinarySaysToRunTheScript() throws IOException {
    Files.writeString(root.resolve("VERSION"), "1.34.4");
    TestEnvBinaries binaries = TestEnvBinaries.locate(env(), null);

    assertThatThrownBy(binaries::kubeApiServer)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(root.resolve("k8s/1.34.4-linux-amd64/kube-apiserver").toString())
        .hasMessageContaining("bash scripts/testenv");
  }

  private java.util.function.UnaryOperator<String> env() {
    Map<String, String> env = Map.of(TestEnvBinaries.DIR_ENV, root.toString());
    return env::get;
  }
}
