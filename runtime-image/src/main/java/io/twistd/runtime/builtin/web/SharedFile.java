package io.twistd.runtime.builtin.web;

import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.IllegalReferenceCountException;
import io.netty.util.ReferenceCounted;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file opened once and sent by many responses, so that each needs neither {@code open} nor {@code
 * close}. Reference counted: {@link ResolvedFiles} holds one reference while it remembers the file,
 * and every {@link #region} one more until it has been sent; the file closes when the last is let
 * go. Reads are positional ({@code sendfile} with an offset), so any number of connections, on any
 * event loop, may send it at once.
 */
final class SharedFile extends AbstractReferenceCounted {

  private static final Logger log = LoggerFactory.getLogger(SharedFile.class);

  private final FileChannel channel;

  private SharedFile(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * Opens {@code path} for reading.
   *
   * @throws IOException when it cannot be opened
   */
  static SharedFile open(Path path) throws IOException {
    return new SharedFile(FileChannel.open(path, StandardOpenOption.READ));
  }

  /**
   * A region of this file to write to a plain connection, sent with {@code sendfile}; it holds a
   * reference to this file until it has been written (or dropped). Null when the file has closed
   * meanwhile (the table let go of it as another event loop was about to send it): the caller opens
   * the file itself.
   */
  FileRegion region(long position, long count) {
    try {
      retain();
    } catch (IllegalReferenceCountException closed) {
      return null;
    }
    return new Region(this, position, count);
  }

  @Override
  protected void deallocate() {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("cannot close a shared file", e);
    }
  }

  @Override
  public ReferenceCounted touch(Object hint) {
    return this;
  }

  /**
   * A {@link DefaultFileRegion} (the class the native transports send with {@code sendfile}) that
   * lets go of its shared file instead of closing the channel.
   */
  private static final class Region extends DefaultFileRegion {
    private final SharedFile file;

    Region(SharedFile file, long position, long count) {
      super(file.channel, position, count);
      this.file = file;
    }

    @Override
    protected void deallocate() {
      file.release();
    }
  }
}
