package io.twistd.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes kubeconfig files for a client-certificate identity, for kubectl, helm and Go daemons. */
final class Kubeconfig {

  private Kubeconfig() {}

  /**
   * Writes a kubeconfig whose only context talks to {@code server} as the owner of {@code
   * identity}, and returns {@code file}.
   */
  static Path write(Path file, String server, Path caCertificate, TestPki.CertFiles identity) {
    String yaml =
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- name: testenv",
            "  cluster:",
            "    server: " + server,
            "    certificate-authority: " + caCertificate,
            "users:",
            "- name: testenv-user",
            "  user:",
            "    client-certificate: " + identity.certificate(),
            "    client-key: " + identity.privateKey(),
            "contexts:",
            "- name: testenv",
            "  context:",
            "    cluster: testenv",
            "    user: testenv-user",
            "current-context: testenv",
            "");
    try {
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
