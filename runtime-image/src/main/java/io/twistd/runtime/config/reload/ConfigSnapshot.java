package io.twistd.runtime.config.reload;

import io.twistd.api.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The text of a config file as read at one moment, and its content hash; what the runtime applied
 * is known by its hash, so a file rewritten with the same content changes nothing.
 *
 * @param file the file, as named by the user (a symbolic link is not resolved)
 * @param text its content
 * @param hash {@code sha256:} and the hex SHA-256 of its bytes
 */
public record ConfigSnapshot(Path file, String text, String hash) {

  /**
   * Reads {@code file} whole, following symbolic links.
   *
   * @throws IOException when it cannot be read
   */
  public static ConfigSnapshot read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    return new ConfigSnapshot(file, new String(bytes, StandardCharsets.UTF_8), hash(bytes));
  }

  /**
   * Reads {@code file} the way {@link ConfigLoader#load} does, failing the same way when it cannot.
   *
   * @throws io.twistd.api.config.InvalidConfigException when it cannot be read
   */
  public static ConfigSnapshot read(Path file, ConfigLoader loader) {
    try {
      return read(file);
    } catch (IOException e) {
      loader.load(file); // throws the loader's own, located "cannot read" problem
      throw new IllegalStateException("cannot read " + file, e); // read again in between
    }
  }

  /** {@code sha256:} and the hex SHA-256 of {@code bytes}. */
  public static String hash(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The first 12 hex digits of the hash, for logs. */
  public String shortHash() {
    return hash.substring("sha256:".length(), "sha256:".length() + 12);
  }
}
