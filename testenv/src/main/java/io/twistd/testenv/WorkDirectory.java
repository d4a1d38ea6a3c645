package io.twistd.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A control plane's temporary directory: keys, certificates, kubeconfigs, etcd data and process
 * logs. Every failure to write is an {@link UncheckedIOException}.
 */
final class WorkDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(WorkDirectory.class);

  private final Path root;

  private WorkDirectory(Path root) {
    this.root = root;
  }

  /** Creates a new, empty directory under {@code java.io.tmpdir}. */
  static WorkDirectory create(String prefix) {
    try {
      return new WorkDirectory(Files.createTempDirectory(prefix));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory", e);
    }
  }

  /** The directory itself. */
  Path root() {
    return root;
  }

  /** The path of {@code name} in this directory; nothing is created. */
  Path file(String name) {
    return root.resolve(name);
  }

  /** Creates the subdirectory {@code name} if needed, and returns it. */
  Path directory(String name) {
    Path directory = root.resolve(name);
    try {
      return Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + directory, e);
    }
  }

  /** Removes the directory and everything in it; logs what it cannot remove. */
  void delete() {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      LOG.warn("cannot remove {}: {}", root, e.toString());
    }
  }
}
