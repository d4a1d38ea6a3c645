package io.twistd.bench.reload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory laid out as the kubelet lays out a ConfigMap volume, with one file: the payload in a
 * new hidden directory, a {@code ..data} link renamed over the old one (the atomic swap), and the
 * file a link into {@code ..data}.
 */
final class ConfigMapVolume {

  private final Path directory;
  private final String fileName;
  private int generation;

  ConfigMapVolume(Path directory, String fileName) {
    this.directory = directory;
    this.fileName = fileName;
  }

  /** The path a process reads, e.g. {@code .../app.yaml}. */
  Path file() {
    return directory.resolve(fileName);
  }

  /** Makes {@code content} the file's content in one rename; returns when the swap is done. */
  void write(String content) throws IOException {
    Files.createDirectories(directory);
    Path data = directory.resolve("..data");
    Path previous =
        Files.isSymbolicLink(data) ? directory.resolve(Files.readSymbolicLink(data)) : null;
    Path payload = Files.createDirectory(directory.resolve("..payload_" + ++generation));
    Files.writeString(payload.resolve(fileName), content);
    Path temporary = directory.resolve("..data_tmp");
    Files.createSymbolicLink(temporary, payload.getFileName());
    Files.move(temporary, data, StandardCopyOption.ATOMIC_MOVE);
    if (!Files.isSymbolicLink(file())) {
      Files.createSymbolicLink(file(), Path.of("..data", fileName));
    }
    if (previous != null) {
      try (Stream<Path> walk = Files.walk(previous)) {
        for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }
}
