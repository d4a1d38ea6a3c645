package io.twistd.runtime.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A directory written exactly as the kubelet's AtomicWriter writes a ConfigMap or Secret volume:
 *
 * <ol>
 *   <li>the payload goes into a new timestamped directory, e.g. {@code
 *       ..2026_11_27_00_00_00.123456789};
 *   <li>a symbolic link {@code ..data_tmp} to it is created, then renamed over {@code ..data}
 *       ({@code rename(2)}, atomic);
 *   <li>each file name gets a user-visible link into {@code ..data}, e.g. {@code app.yaml ->
 *       ..data/app.yaml}, once; links of names no longer in the payload are removed;
 *   <li>the previous timestamped directory is deleted.
 * </ol>
 */
public final class AtomicWriterVolume {

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss.");

  private final Path directory;

  public AtomicWriterVolume(Path directory) {
    this.directory = directory;
  }

  /** Makes {@code files} (name to content) the volume's whole payload, as one atomic swap. */
  public void write(Map<String, String> files) throws IOException {
    Path data = directory.resolve("..data");
    Path previous =
        Files.isSymbolicLink(data) ? directory.resolve(Files.readSymbolicLink(data)) : null;
    Path stamped = Files.createDirectory(directory.resolve(stampedName()));
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.writeString(stamped.resolve(file.getKey()), file.getValue());
    }
    Path temporary = directory.resolve("..data_tmp");
    Files.createSymbolicLink(temporary, stamped.getFileName());
    Files.move(temporary, data, StandardCopyOption.ATOMIC_MOVE);
    for (String name : files.keySet()) {
      Path visible = directory.resolve(name);
      if (!Files.isSymbolicLink(visible)) {
        Files.createSymbolicLink(visible, Path.of("..data", name));
      }
    }
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!name.startsWith("..") && Files.isSymbolicLink(entry) && !files.containsKey(name)) {
          Files.delete(entry);
        }
      }
    }
    if (previous != null) {
      deleteRecursively(previous);
    }
  }

  private static String stampedName() {
    return ZonedDateTime.now(ZoneOffset.UTC).format(STAMP)
        + ThreadLocalRandom.current().nextLong(100_000_000L, 1_000_000_000L);
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
