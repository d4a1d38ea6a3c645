package io.twistd.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the project's deliverables are, seen from this module's tests (which run in {@code
 * deploy-tests/}), and the version they are built at.
 */
public final class ProjectFiles {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private ProjectFiles() {}

  /** The repository's root directory. */
  public static Path root() {
    return ROOT;
  }

  /** {@code path} under the repository root. */
  public static Path at(String path) {
    return ROOT.resolve(path);
  }

  /** The Helm chart's directory. */
  public static Path chart() {
    return at("helm/twistd-operator");
  }

  /** The Maven project version, e.g. {@code 0.1.0-SNAPSHOT} (set by the POM for these tests). */
  public static String projectVersion() {
    String version = System.getProperty("project.version");
    if (version == null || version.isBlank()) {
      throw new IllegalStateException(
          "system property project.version is not set; run these tests through Maven");
    }
    return version;
  }

  /** The version images and the chart carry: the project version without {@code -SNAPSHOT}. */
  public static String releaseVersion() {
    return projectVersion().replaceFirst("-SNAPSHOT$", "");
  }

  /** The text of {@code path}. */
  public static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
