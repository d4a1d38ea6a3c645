package io.twistd.runtime.config.reload;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells when the content of watched files changes, however it changes: rewritten in place, replaced
 * by an editor's write-and-rename, or swapped by Kubernetes' atomic writer (a new timestamped
 * directory, then the {@code ..data} symbolic link renamed over the old one, while the file itself
 * is a link into {@code ..data} that never changes).
 *
 * <ul>
 *   <li>Each watched file's directory is watched ({@link WatchService}, inotify on Linux); any
 *       event there starts a quiet period, and each further event restarts it, up to a longest
 *       wait; when it ends, the files are read. A burst of events is one check.
 *   <li>The atomic writer's {@code ..data} link appearing is read at once, without the quiet
 *       period: that rename swaps the whole payload in one step, so nothing half-written can be
 *       seen, and a ConfigMap change is served as soon as the kubelet has made it.
 *   <li>Every poll interval the files are read anyway, in case an event was missed (a directory
 *       that was itself replaced, a file system without events).
 *   <li>A file counts as changed when its content hash differs from the last one seen (reading
 *       follows links), so a touch, or an event for another file, reports nothing. An unreadable
 *       file has its own "unreadable" content.
 *   <li>A consumer that reads a file on its own (e.g. on SIGHUP) says which content it {@link
 *       #consumed}; that becomes the last one seen, so a file changed and changed back while nobody
 *       looked is still reported if the consumer acted on the change.
 * </ul>
 *
 * <p>Changes are reported on this watcher's own thread, one batch at a time. Thread-safe.
 */
public final class FileWatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FileWatcher.class);

  /** The content hash of a file that cannot be read (absent, or not permitted). */
  static final String UNREADABLE = "unreadable";

  /** The link Kubernetes' atomic writer renames into place to swap a volume's payload. */
  private static final Path ATOMIC_SWAP_LINK = Path.of("..data");

  private final Duration quietPeriod;
  private final Duration longestWait;
  private final Duration pollInterval;
  private final Consumer<Set<Path>> onChange;
  private final WatchService events;
  private final Map<Path, String> lastSeen = new HashMap<>();
  private final Map<Path, WatchKey> directories = new HashMap<>();
  private final Thread thread;
  private volatile boolean closed;

  /**
   * @param quietPeriod how long after the last event to wait before reading the files
   * @param longestWait the most a stream of events can delay the read
   * @param pollInterval how often to read the files without an event
   * @param onChange called with the files whose content changed, on this watcher's thread
   */
  public FileWatcher(
      Duration quietPeriod,
      Duration longestWait,
      Duration pollInterval,
      Consumer<Set<Path>> onChange) {
    this(quietPeriod, longestWait, pollInterval, onChange, newWatchService());
  }

  /** A watcher that only polls, as when the platform gives no file events. */
  static FileWatcher pollingOnly(Duration pollInterval, Consumer<Set<Path>> onChange) {
    return new FileWatcher(Duration.ZERO, Duration.ZERO, pollInterval, onChange, null);
  }

  private FileWatcher(
      Duration quietPeriod,
      Duration longestWait,
      Duration pollInterval,
      Consumer<Set<Path>> onChange,
      WatchService events) {
    this.quietPeriod = quietPeriod;
    this.longestWait = longestWait;
    this.pollInterval = pollInterval;
    this.onChange = onChange;
    this.events = events;
    this.thread = new Thread(this::run, "twistd-file-watch");
    this.thread.setDaemon(true);
  }

  private static WatchService newWatchService() {
    try {
      return FileSystems.getDefault().newWatchService();
    } catch (IOException e) {
      // e.g. the inotify instance limit reached: a slower reload beats no reload
      log.warn("cannot watch files for changes ({}); polling them instead", e.getMessage());
      return null;
    }
  }

  /**
   * Watches exactly {@code files} from now on. A file newly watched counts its current content as
   * seen; a file still watched keeps what was last seen of it.
   */
  public synchronized void watch(Collection<Path> files) {
    Set<Path> wanted = new LinkedHashSet<>(files);
    lastSeen.keySet().retainAll(wanted);
    for (Path file : wanted) {
      lastSeen.computeIfAbsent(file, FileWatcher::contentHash);
    }
    registerDirectories();
  }

  /**
   * Records that the consumer read {@code file} with content {@code hash} and acted on it; later
   * checks compare with that. Does nothing for a file not watched.
   */
  public synchronized void consumed(Path file, String hash) {
    lastSeen.computeIfPresent(file, (key, previous) -> hash);
  }

  /** Starts watching; changes are reported from now on. */
  public void start() {
    thread.start();
  }

  @Override
  public void close() {
    closed = true;
    if (events == null) {
      thread.interrupt();
      return;
    }
    try {
      events.close(); // wakes the thread
    } catch (IOException e) {
      log.debug("closing the watch service failed", e);
    }
  }

  private void run() {
    long nextPoll = System.nanoTime() + pollInterval.toNanos();
    long firstEvent = 0;
    long checkAt = Long.MAX_VALUE;
    while (!closed) {
      long now = System.nanoTime();
      long waitNanos = Math.max(0, Math.min(nextPoll, checkAt) - now);
      WatchKey key;
      try {
        key = awaitEvent(waitNanos);
      } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
        return;
      }
      now = System.nanoTime();
      if (key != null) {
        boolean swapped = key.pollEvents().stream().anyMatch(FileWatcher::isAtomicSwap);
        key.reset();
        firstEvent = checkAt == Long.MAX_VALUE ? now : firstEvent;
        checkAt =
            swapped
                ? now
                : Math.min(now + quietPeriod.toNanos(), firstEvent + longestWait.toNanos());
      }
      if (now >= checkAt || now >= nextPoll) {
        if (now >= nextPoll) {
          synchronized (this) {
            registerDirectories(); // a directory replaced or created since
          }
          nextPoll = now + pollInterval.toNanos();
        }
        checkAt = Long.MAX_VALUE;
        check();
      }
    }
  }

  /**
   * Whether {@code event} is the atomic writer's final rename. Other entries' events only say that
   * something changed: the hashes tell what.
   */
  private static boolean isAtomicSwap(WatchEvent<?> event) {
    return event.kind() == StandardWatchEventKinds.ENTRY_CREATE
        && ATOMIC_SWAP_LINK.equals(event.context());
  }

  private WatchKey awaitEvent(long nanos) throws InterruptedException {
    if (events == null) {
      TimeUnit.NANOSECONDS.sleep(nanos); // polling only: nothing else to wait for
      return null;
    }
    return events.poll(nanos, TimeUnit.NANOSECONDS);
  }

  private void check() {
    Set<Path> changed = new LinkedHashSet<>();
    synchronized (this) {
      for (Map.Entry<Path, String> entry : lastSeen.entrySet()) {
        String now = contentHash(entry.getKey());
        if (!now.equals(entry.getValue())) {
          entry.setValue(now);
          changed.add(entry.getKey());
        }
      }
    }
    if (changed.isEmpty()) {
      return;
    }
    try {
      onChange.accept(changed);
    } catch (RuntimeException e) {
      log.error("handling a change of {} failed", changed, e);
    }
  }

  /** Watches the directory of every watched file, dropping directories no longer needed. */
  private void registerDirectories() {
    if (events == null) {
      return;
    }
    Set<Path> needed = new LinkedHashSet<>();
    lastSeen.keySet().forEach(file -> needed.add(directoryOf(file)));
    directories.entrySet().removeIf(entry -> drop(entry, needed));
    for (Path directory : needed) {
      if (directories.containsKey(directory) || !Files.isDirectory(directory)) {
        continue;
      }
      try {
        directories.put(
            directory,
            directory.register(
                events,
                StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_DELETE,
                StandardWatchEventKinds.ENTRY_MODIFY));
      } catch (IOException | java.nio.file.ClosedWatchServiceException e) {
        log.debug("cannot watch {}; polling it: {}", directory, e.toString());
      }
    }
  }

  private static boolean drop(Map.Entry<Path, WatchKey> entry, Set<Path> needed) {
    if (needed.contains(entry.getKey()) && entry.getValue().isValid()) {
      return false;
    }
    entry.getValue().cancel();
    return true;
  }

  private static Path directoryOf(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return parent == null ? file.toAbsolutePath() : parent;
  }

  /** The content hash of {@code file} now, as this watcher compares it. */
  static String contentHash(Path file) {
    try {
      return ConfigSnapshot.hash(Files.readAllBytes(file));
    } catch (IOException e) {
      return UNREADABLE;
    }
  }
}
