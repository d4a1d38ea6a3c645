package io.twistd.runtime.builtin.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * What request paths of one {@link WebSite} resolved to, remembered for up to {@link
 * #REVALIDATE_AFTER}, after nginx's {@code open_file_cache}: resolving a path (its real path, the
 * checks that it stays inside the root, its attributes) costs several system calls per request, and
 * a busy site asks for the same few files again and again. Small files also keep their content in
 * memory, so that answering them needs no file system call at all; larger ones stay open ({@link
 * SharedFile}), so that answering them needs no {@code open} and {@code close}.
 *
 * <p>A file that changes, appears or disappears is therefore seen at most {@link #REVALIDATE_AFTER}
 * later; an entry due for revalidation is not used, the caller resolves the path again and {@link
 * #remember remembers} the result, which keeps the content already in memory when the file has not
 * changed. Only paths that resolved to a file to serve are remembered; redirects, listings and
 * errors are resolved every time. The table holds at most about {@link #MAX_ENTRIES} paths (event
 * loops adding at once may pass it by one each), {@link #MAX_CONTENT_BYTES} of content and {@link
 * #MAX_OPEN_FILES} open files; past that, entries due for revalidation are dropped, and when none
 * is, the new path is served without being remembered (or without its content or open file). Paths
 * not asked for during {@link #INACTIVE_AFTER} are dropped, with their content and open file, when
 * another path is remembered; like nginx's, the table does no work while no request comes, so a
 * file deleted meanwhile may stay open until the next one.
 *
 * <p>Thread-safe: the event loops of every connection share one instance. Content lives in JDK
 * direct buffers handed out as unreleasable views, so a response in flight keeps it alive and the
 * garbage collector frees it once the table and every response have let go; open files are
 * reference counted, and close once the table and every response have let go. A table no longer
 * wanted (its site replaced by a reconfiguration, its service stopped) is {@link #close closed}: it
 * lets go of its open files at once, and remembers nothing after.
 */
final class ResolvedFiles {

  /** How long a resolved path is used before it is resolved again. */
  static final Duration REVALIDATE_AFTER = Duration.ofSeconds(1);

  /** The most paths remembered. */
  static final int MAX_ENTRIES = 1024;

  /** The largest file whose content is kept in memory. */
  static final int MAX_CONTENT_SIZE = 16 * 1024;

  /** The most content kept in memory, over all files. */
  static final long MAX_CONTENT_BYTES = 4L * 1024 * 1024;

  /** The most files kept open. */
  static final int MAX_OPEN_FILES = 64;

  /** How long a path not asked for is remembered. */
  static final Duration INACTIVE_AFTER = Duration.ofSeconds(10);

  /**
   * A path's file to serve.
   *
   * @param file the file and its header values
   * @param content the whole file, when it is kept in memory (an unreleasable view); else null
   * @param open the file, open, when it is kept open (the entry's reference); else null
   * @param checkedAtNanos when the path was resolved, on the {@link ResolvedFiles} clock
   */
  record Entry(StaticFile file, ByteBuf content, SharedFile open, long checkedAtNanos) {}

  private final LongSupplier nanoClock;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong contentBytes = new AtomicLong();
  private final AtomicInteger openFiles = new AtomicInteger();
  private final AtomicLong lastSweepNanos;
  private volatile boolean closed;

  /**
   * @param nanoClock a monotonic clock in nanoseconds, such as {@code System::nanoTime}
   */
  ResolvedFiles(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
    this.lastSweepNanos = new AtomicLong(nanoClock.getAsLong());
  }

  /** The entry of {@code key} when there is one not yet due for revalidation; else null. */
  Entry fresh(String key) {
    Entry entry = entries.get(key);
    return entry != null && !isStale(entry, nanoClock.getAsLong()) ? entry : null;
  }

  /**
   * Reads the attributes of {@code path}, the real path that {@code key} resolved to, and remembers
   * them for {@code key} (when there is room). The content of a small file is read too, and a
   * larger file is opened, unless the entry it replaces holds them for the same version of the
   * file.
   *
   * @param key the request path as sent, or null to read without remembering
   * @throws IOException when the attributes cannot be read
   */
  Entry remember(String key, Path path) throws IOException {
    StaticFile file = StaticFile.read(path);
    long now = nanoClock.getAsLong();
    sweepIfDue(now);
    Entry previous = key == null ? null : entries.get(key);
    if (previous != null && previous.file().sameVersionAs(file)) {
      Entry renewed = new Entry(previous.file(), previous.content(), previous.open(), now);
      if (entries.replace(key, previous, renewed)) {
        return renewed;
      }
    }
    if (key == null || closed || !makeRoom(key, now)) {
      return new Entry(file, null, null, now);
    }
    ByteBuf content = content(file);
    Entry entry = new Entry(file, content, content == null ? open(file) : null, now);
    Entry replaced = entries.put(key, entry);
    if (replaced != null) {
      forget(replaced);
    }
    if (closed) {
      dropIf(any -> true); // closed while this entry was made: it must not stay open
    }
    return entry;
  }

  /**
   * Forgets every path and lets go of the open files and content; what later requests resolve is no
   * longer remembered. Responses in flight keep the files they send open until they are sent.
   */
  void close() {
    closed = true;
    dropIf(any -> true);
  }

  private boolean isStale(Entry entry, long now) {
    return now - entry.checkedAtNanos() >= REVALIDATE_AFTER.toNanos();
  }

  /**
   * Whether {@code key} has or can get a place, after dropping stale entries if the table is full.
   */
  private boolean makeRoom(String key, long now) {
    if (entries.size() < MAX_ENTRIES || entries.containsKey(key)) {
      return true;
    }
    dropIf(entry -> isStale(entry, now));
    return entries.size() < MAX_ENTRIES;
  }

  /** Drops the entries not revalidated for {@link #INACTIVE_AFTER}; at most once a second. */
  private void sweepIfDue(long now) {
    long last = lastSweepNanos.get();
    if (now - last < REVALIDATE_AFTER.toNanos() || !lastSweepNanos.compareAndSet(last, now)) {
      return;
    }
    long inactive = INACTIVE_AFTER.toNanos();
    dropIf(entry -> now - entry.checkedAtNanos() >= inactive);
  }

  /**
   * Removes the entries that meet {@code condition}. Only the thread whose removal succeeds lets go
   * of what an entry held: another may have renewed the entry meanwhile, with the same content and
   * open file.
   */
  private void dropIf(Predicate<Entry> condition) {
    for (Map.Entry<String, Entry> known : entries.entrySet()) {
      if (condition.test(known.getValue()) && entries.remove(known.getKey(), known.getValue())) {
        forget(known.getValue());
      }
    }
  }

  /** Lets go of what a removed or replaced entry held. */
  private void forget(Entry entry) {
    if (entry.content() != null) {
      contentBytes.addAndGet(-entry.content().capacity());
    }
    if (entry.open() != null) {
      openFiles.decrementAndGet();
      entry.open().release();
    }
  }

  /** The file, opened, within the budget; or null, and responses open it themselves. */
  private SharedFile open(StaticFile file) {
    if (openFiles.incrementAndGet() > MAX_OPEN_FILES) {
      openFiles.decrementAndGet();
      return null;
    }
    try {
      return SharedFile.open(file.path());
    } catch (IOException e) {
      openFiles.decrementAndGet();
      return null; // the response opens it, and answers the error if it lasts
    }
  }

  /**
   * The whole content of a small file, within the budget, or null. A file that changes while it is
   * read (its length is not the size just read) is not kept: it will be sent from the file.
   */
  private ByteBuf content(StaticFile file) {
    long size = file.size();
    if (size == 0 || size > MAX_CONTENT_SIZE) {
      return null;
    }
    if (contentBytes.addAndGet(size) > MAX_CONTENT_BYTES) {
      contentBytes.addAndGet(-size);
      return null;
    }
    try {
      byte[] bytes = Files.readAllBytes(file.path());
      if (bytes.length == size) {
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
      }
    } catch (IOException e) {
      // sent from the file instead, where the error, if it lasts, becomes the answer
    }
    contentBytes.addAndGet(-size);
    return null;
  }
}
