package io.twistd.deploy.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where each file of an image is on this host: the source of every {@code COPY}, plus files the
 * test places itself (such as the class-data-sharing archive a {@code RUN} makes). Turns an image's
 * command into the same command on the host, so the test runs the jar exactly as the image would:
 * the same {@code java} arguments, with image paths replaced by host paths.
 */
final class HostLayout {

  private final Map<String, Path> files = new LinkedHashMap<>();
  private final Path scratch;

  /** {@code scratch}: a directory for what the translation needs to lay out (class-path dirs). */
  HostLayout(Path scratch) {
    this.scratch = scratch;
  }

  /** Adds every file {@code dockerfile} copies into its image. */
  HostLayout copiesOf(Dockerfile dockerfile) {
    for (Dockerfile.Copy copy : dockerfile.copies()) {
      for (String source : copy.sources()) {
        Path host = dockerfile.context().resolve(source);
        String target =
            copy.destination().endsWith("/")
                ? copy.destination() + host.getFileName()
                : copy.destination();
        files.put(target, host);
      }
    }
    return this;
  }

  /** Places {@code imagePath} at {@code host}. */
  HostLayout put(String imagePath, Path host) {
    files.put(imagePath, host);
    return this;
  }

  /** The image paths this layout knows. */
  Map<String, Path> files() {
    return Map.copyOf(files);
  }

  /**
   * {@code command} as it runs on this host: {@code java} is this JVM's launcher, and every image
   * path (alone, after {@code @}, after {@code -XX:...=}, or in a class path) is its host path.
   */
  List<String> translate(List<String> command) {
    List<String> out = new ArrayList<>();
    for (String word : command) {
      out.add(word.equals("java") ? javaLauncher() : translateWord(word));
    }
    return out;
  }

  private String translateWord(String word) {
    if (word.startsWith("@")) {
      return "@" + path(word.substring(1));
    }
    if (word.startsWith("-XX:") && word.contains("=/")) {
      int eq = word.indexOf('=');
      return word.substring(0, eq + 1) + path(word.substring(eq + 1));
    }
    if (word.startsWith("/") && word.contains(":")) {
      return Arrays.stream(word.split(":"))
          .map(this::classPathEntry)
          .collect(Collectors.joining(":"));
    }
    return word.startsWith("/") ? path(word) : word;
  }

  private String classPathEntry(String entry) {
    if (!entry.endsWith("/*")) {
      return path(entry);
    }
    // a directory of jars: lay out the jars this image puts there
    String dir = entry.substring(0, entry.length() - 1);
    Path hostDir = scratch.resolve("classpath" + dir);
    try {
      Files.createDirectories(hostDir);
      for (Map.Entry<String, Path> file : files.entrySet()) {
        if (file.getKey().startsWith(dir) && file.getKey().indexOf('/', dir.length()) < 0) {
          Files.copy(file.getValue(), hostDir.resolve(file.getKey().substring(dir.length())));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out " + hostDir, e);
    }
    return hostDir + "/*";
  }

  private String path(String imagePath) {
    Path host = files.get(imagePath);
    if (host == null) {
      throw new AssertionError(
          "the command names " + imagePath + ", which the image does not have: " + files.keySet());
    }
    return host.toString();
  }

  static String javaLauncher() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
