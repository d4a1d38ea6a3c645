package io.twistd.testenv.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a ConfigMap, Secret or projected volume the way the kubelet's atomic writer does, so that
 * a reader never sees half of an update:
 *
 * <ol>
 *   <li>the payload goes into a new hidden directory named by the time, {@code
 *       ..2026_11_27_10_00_00.1234567};
 *   <li>a symbolic link {@code ..data_tmp} to it is renamed over {@code ..data} in one {@code
 *       rename(2)};
 *   <li>each top-level name of the payload is a link into {@code ..data} ({@code app.yaml ->
 *       ..data/app.yaml}); links of names the payload no longer has are removed;
 *   <li>the previous hidden directory is deleted.
 * </ol>
 *
 * An unchanged payload writes nothing. Not thread-safe: one writer per directory.
 */
final class AtomicWriter {

  private static final String DATA = "..data";
  private static final String DATA_TMP = "..data_tmp";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss.");

  /** One file of a payload: its bytes and POSIX mode (e.g. {@code 0644}). */
  record FileContent(byte[] bytes, int mode) {
    @Override
    public boolean equals(Object other) {
      return other instanceof FileContent that
          && mode == that.mode
          && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(bytes) + mode;
    }
  }

  private final Path directory;
  private Map<String, FileContent> current;

  AtomicWriter(Path directory) {
    this.directory = directory;
  }

  /**
   * Makes {@code payload} (relative path to content; paths may have directories) the volume's whole
   * content.
   *
   * @return whether anything changed
   * @throws UncheckedIOException when the directory cannot be written
   */
  boolean write(Map<String, FileContent> payload) {
    if (payload.equals(current)) {
      return false;
    }
    try {
      Files.createDirectories(directory);
      Path data = directory.resolve(DATA);
      Path previous =
          Files.isSymbolicLink(data) ? directory.resolve(Files.readSymbolicLink(data)) : null;
      Path stamped = writeStamped(payload);
      Path temporary = directory.resolve(DATA_TMP);
      Files.deleteIfExists(temporary);
      Files.createSymbolicLink(temporary, stamped.getFileName());
      Files.move(temporary, data, StandardCopyOption.ATOMIC_MOVE);
      Set<String> visible = new HashSet<>();
      for (String path : payload.keySet()) {
        visible.add(path.split("/", 2)[0]);
      }
      for (String name : visible) {
        Path link = directory.resolve(name);
        if (!Files.isSymbolicLink(link)) {
          Files.createSymbolicLink(link, Path.of(DATA, name));
        }
      }
      removeStaleLinks(visible);
      if (previous != null) {
        deleteRecursively(previous);
      }
      current = Map.copyOf(payload);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write volume " + directory, e);
    }
  }

  private Path writeStamped(Map<String, FileContent> payload) throws IOException {
    String prefix = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
    Path stamped = Files.createTempDirectory(directory, prefix);
    Files.setPosixFilePermissions(stamped, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Map.Entry<String, FileContent> file : payload.entrySet()) {
      Path target = stamped.resolve(file.getKey()).normalize();
      if (!target.startsWith(stamped)) {
        throw new IOException("volume path '" + file.getKey() + "' leaves the volume");
      }
      Files.createDirectories(target.getParent());
      Files.write(target, file.getValue().bytes());
      Files.setPosixFilePermissions(target, Modes.permissions(file.getValue().mode()));
    }
    return stamped;
  }

  private void removeStaleLinks(Set<String> visible) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!name.startsWith("..") && Files.isSymbolicLink(entry) && !visible.contains(name)) {
          Files.delete(entry);
        }
      }
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
