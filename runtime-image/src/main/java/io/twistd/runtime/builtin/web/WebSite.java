package io.twistd.runtime.builtin.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a {@code web} service serves: a root directory, the index file name and whether directories
 * without one are listed. Immutable, so a reconfiguration swaps the whole site at once.
 *
 * @param root the root directory's real path (symbolic links resolved)
 * @param index the file served for a directory, a plain file name
 * @param listing whether a directory without an index file is listed
 */
public record WebSite(Path root, String index, boolean listing) {

  /**
   * Checks the settings and resolves the root's real path.
   *
   * @param root the directory to serve, absolute
   * @param index the index file name
   * @param listing whether to list directories without an index
   * @throws IllegalArgumentException naming the option when the root is not a readable directory or
   *     the index is not a plain file name
   */
  public static WebSite of(Path root, String index, boolean listing) {
    if (index.isEmpty()
        || index.contains("/")
        || index.contains("\\")
        || index.equals(".")
        || index.equals("..")) {
      throw new IllegalArgumentException(
          "option 'index' must be a plain file name such as index.html, got '" + index + "'");
    }
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException(
          "option 'path': " + root + " is not a directory; give the directory to serve");
    }
    try {
      return new WebSite(root.toRealPath(), index, listing);
    } catch (IOException e) {
      throw new IllegalArgumentException("option 'path': cannot read " + root + ": " + e, e);
    }
  }

  /**
   * The real path of the file or directory that {@code segments} name under the root, when it
   * exists and its real path, with every symbolic link resolved, is inside the root. Otherwise
   * empty, whatever the reason, so a caller cannot tell "outside" from "absent".
   */
  Optional<Path> resolve(List<String> segments) {
    Path candidate = root;
    for (String segment : segments) {
      candidate = candidate.resolve(segment);
    }
    return inside(candidate);
  }

  /** The index file of {@code directory} (a resolved real path), when there is one to serve. */
  Optional<Path> indexOf(Path directory) {
    return inside(directory.resolve(index)).filter(Files::isRegularFile);
  }

  private Optional<Path> inside(Path candidate) {
    if (!candidate.normalize().startsWith(root)) {
      return Optional.empty();
    }
    try {
      Path real = candidate.toRealPath();
      return real.startsWith(root) ? Optional.of(real) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
