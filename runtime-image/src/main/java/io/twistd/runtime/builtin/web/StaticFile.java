package io.twistd.runtime.builtin.web;

import io.netty.handler.codec.DateFormatter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Date;
import java.util.concurrent.TimeUnit;

/**
 * A regular file about to be served, with the validators derived from its attributes: a strong
 * {@code ETag} from its size and modification time (to the microsecond), and {@code Last-Modified}.
 *
 * @param path the file's real path
 * @param size its size in bytes
 * @param modifiedMillis its modification time, in milliseconds since the epoch
 * @param modifiedMicros its modification time, in microseconds since the epoch
 */
record StaticFile(Path path, long size, long modifiedMillis, long modifiedMicros) {

  /**
   * Reads the attributes of {@code path}.
   *
   * @throws IOException when they cannot be read
   */
  static StaticFile read(Path path) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
    return new StaticFile(
        path,
        attributes.size(),
        attributes.lastModifiedTime().toMillis(),
        attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS));
  }

  /** The strong entity tag, quoted. */
  String etag() {
    return "\"" + Long.toHexString(size) + "-" + Long.toHexString(modifiedMicros) + "\"";
  }

  /** The {@code Last-Modified} value. */
  String lastModified() {
    return DateFormatter.format(new Date(modifiedMillis));
  }

  /** The modification time in whole seconds, the precision of HTTP dates. */
  long modifiedSeconds() {
    return Math.floorDiv(modifiedMillis, 1000);
  }
}
