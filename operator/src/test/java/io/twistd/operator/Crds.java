package io.twistd.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.testenv.CrdInstaller;
import java.nio.file.Path;

/** Installs the checked-in TwistedApplication CRD into a test cluster. */
public final class Crds {

  private static final Path CRD = Path.of("..", "crds", "twistedapplications.twistd.io-v1.yml");

  private Crds() {}

  /** Applies the checked-in CRD and waits until the API server serves it. */
  public static void install(KubernetesClient client) {
    CrdInstaller.install(client, CRD);
  }
}
