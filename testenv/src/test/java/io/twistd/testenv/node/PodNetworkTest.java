package io.twistd.testenv.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The pod network on the host: what it makes, and what it clears after a killed JVM. */
class PodNetworkTest {

  @BeforeAll
  static void hostCanRunProcessNodes() {
    Optional<String> reason = ProcessNode.unsupportedReason();
    assumeTrue(reason.isEmpty(), () -> "skipped: " + reason.orElse(""));
  }

  @Test
  void closingRemovesEverySandboxAndTheBridge() {
    PodNetwork network = PodNetwork.open();
    PodSandbox sandbox = network.createSandbox();
    assertThat(network.hostFootprint())
        .contains("netns " + sandbox.namespace(), "link " + network.bridge());

    network.close();

    assertThat(network.hostFootprint()).isEmpty();
  }

  @Test
  @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void theNextOwnerOfABlockRemovesWhatAKilledJvmLeft() throws Exception {
    Process jvm =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AbandonedNetwork.class.getName())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    String[] left;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      // log lines come first
      while (line != null && !line.startsWith("LEFT ")) {
        line = out.readLine();
      }
      assertThat(line).as("what the JVM left").isNotNull();
      left = line.substring("LEFT ".length()).split(" ");
    }
    // SIGKILL: no shutdown hook runs, the lock on the block goes with the process
    jvm.destroyForcibly().waitFor();
    String bridge = left[0];
    String namespace = left[1];
    long sleeper = Long.parseLong(left[2]);
    assertThat(HostCommands.run("ip", "netns", "list")).contains(namespace);
    assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive)).contains(true);

    PodNetwork network = PodNetwork.open();
    try {
      assertThat(network.bridge()).isEqualTo(bridge);
      assertThat(HostCommands.run("ip", "netns", "list")).doesNotContain(namespace);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> ProcessHandle.of(sleeper).map(h -> !h.isAlive()).orElse(true));
      assertThat(network.hostFootprint()).containsExactly("link " + bridge);
    } finally {
      network.close();
    }
  }
}
