package io.twistd.runtime.builtin.web;

import io.netty.handler.codec.DateFormatter;
import io.netty.util.AsciiString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A regular file about to be served, with the validators derived from its attributes: a strong
 * {@code ETag} from its size and modification time (to the microsecond), and {@code Last-Modified}.
 * The header values are computed once, when the attributes are read, so that a file served many
 * times (see {@link ResolvedFiles}) does not format them again for every response. Immutable.
 */
final class StaticFile {

  private final Path path;
  private final long size;
  private final long modifiedMillis;
  private final long modifiedMicros;
  private final Object fileKey;
  private final String etag;
  private final AsciiString etagValue;
  private final AsciiString lastModified;
  private final AsciiString contentType;
  private final AsciiString contentLength;

  private StaticFile(Path path, BasicFileAttributes attributes) {
    this.path = path;
    this.size = attributes.size();
    this.modifiedMillis = attributes.lastModifiedTime().toMillis();
    this.modifiedMicros = attributes.lastModifiedTime().to(TimeUnit.MICROSECONDS);
    this.fileKey = attributes.fileKey();
    this.etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modifiedMicros) + "\"";
    this.etagValue = new AsciiString(etag);
    this.lastModified = new AsciiString(DateFormatter.format(new Date(modifiedMillis)));
    this.contentType = new AsciiString(ContentTypes.of(path));
    this.contentLength = new AsciiString(Long.toString(size));
  }

  /**
   * Reads the attributes of {@code path}.
   *
   * @throws IOException when they cannot be read
   */
  static StaticFile read(Path path) throws IOException {
    return new StaticFile(path, Files.readAttributes(path, BasicFileAttributes.class));
  }

  /** The file's real path. */
  Path path() {
    return path;
  }

  /** Its size in bytes. */
  long size() {
    return size;
  }

  /**
   * Whether {@code other} is the same file in the same version: the same path, file (inode), size
   * and modification time.
   */
  boolean sameVersionAs(StaticFile other) {
    return path.equals(other.path)
        && size == other.size
        && modifiedMicros == other.modifiedMicros
        && Objects.equals(fileKey, other.fileKey);
  }

  /** The strong entity tag, quoted. */
  String etag() {
    return etag;
  }

  /** The entity tag as a header value. */
  AsciiString etagValue() {
    return etagValue;
  }

  /** The {@code Last-Modified} value. */
  AsciiString lastModified() {
    return lastModified;
  }

  /** The {@code Content-Type} value ({@link ContentTypes}). */
  AsciiString contentType() {
    return contentType;
  }

  /** The size as a {@code Content-Length} value. */
  AsciiString contentLength() {
    return contentLength;
  }

  /** The modification time in whole seconds, the precision of HTTP dates. */
  long modifiedSeconds() {
    return Math.floorDiv(modifiedMillis, 1000);
  }
}
