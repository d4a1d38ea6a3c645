package io.twistd.deploy.examples;

import io.twistd.deploy.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The Kubernetes manifests under {@code examples/}: YAML files whose documents have a kind. */
final class ExampleFiles {

  private ExampleFiles() {}

  /** Every example directory. */
  static List<Path> directories() {
    try (Stream<Path> dirs = Files.list(ProjectFiles.at("examples"))) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every YAML file under {@code examples/} that holds Kubernetes objects (not runtime configs).
   */
  static List<Path> manifests() {
    try (Stream<Path> files = Files.walk(ProjectFiles.at("examples"), 2)) {
      return files
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(p -> !p.toString().contains("/target/"))
          .filter(ExampleFiles::hasKind)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code path} relative to the repository root, for names and messages. */
  static String name(Path path) {
    return ProjectFiles.root().relativize(path).toString();
  }

  private static boolean hasKind(Path path) {
    return ProjectFiles.read(path).lines().anyMatch(line -> line.startsWith("kind:"));
  }
}
