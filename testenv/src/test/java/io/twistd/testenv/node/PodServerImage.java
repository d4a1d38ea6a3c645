package io.twistd.testenv.node;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The test image {@code test/pod-server}: {@code PodServer.java} run by the JDK's source launcher.
 */
final class PodServerImage {

  static final String IMAGE = "test/pod-server:1";
  private static final String SOURCE = "/opt/pod-server/PodServer.java";

  private PodServerImage() {}

  static ContainerImages images() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return ContainerImages.of(
        Map.of(
            "test/pod-server",
            new ContainerImage(
                List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1", SOURCE),
                List.of("default-arg"),
                Map.of(SOURCE, source()))));
  }

  private static Path source() {
    try {
      return Path.of(PodServerImage.class.getResource("/podserver/PodServer.java").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
