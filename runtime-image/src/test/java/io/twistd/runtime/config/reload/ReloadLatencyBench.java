package io.twistd.runtime.config.reload;

import io.twistd.runtime.testing.RawHttpConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Measures live-reload latency on this machine; a harness, not a test (see {@code
 * bench/reload/README.md}). Prints, each as the median and range of several runs:
 *
 * <ol>
 *   <li>how long the kernel takes to tell a {@link WatchService} about a {@code ..data} swap;
 *   <li>for each way of changing a file, how long the {@link FileWatcher} takes to report it: with
 *       file events and no quiet period, with the default 100 ms quiet period, and polling only;
 *   <li>for each way of changing the file, the time from the change to a client getting the new
 *       content from a web service whose {@code path} the new file changes, with the default {@link
 *       ConfigReloader.Timing} (100 ms quiet period).
 * </ol>
 */
public final class ReloadLatencyBench {

  private static final int RUNS = 15;

  private ReloadLatencyBench() {}

  public static void main(String[] args) throws Exception {
    Path work = Files.createTempDirectory("reload-bench");
    System.out.println("WatchService event after a ..data swap: " + summary(watchEvents(work)));
    for (FileChange change : FileChange.values()) {
      Path dir = Files.createDirectories(work.resolve("detect-" + change.name()));
      System.out.println(
          "detected, "
              + change
              + ":\n  events, no quiet period: "
              + summary(detections(dir, change, Duration.ZERO, null))
              + ", "
              + reportsPerChange()
              + "\n  events, 100 ms quiet period: "
              + summary(detections(dir, change, Duration.ofMillis(100), null))
              + ", "
              + reportsPerChange()
              + "\n  polling every 250 ms: "
              + summary(detections(dir, change, null, Duration.ofMillis(250)))
              + ", "
              + reportsPerChange());
    }
    for (FileChange change : FileChange.values()) {
      Path dir = Files.createDirectories(work.resolve(change.name().toLowerCase(Locale.ROOT)));
      System.out.println(
          "file change to new content served, " + change + ": " + summary(reloads(dir, change)));
    }
  }

  /** Milliseconds from renaming ..data_tmp over ..data to the watch key arriving. */
  private static List<Double> watchEvents(Path work) throws Exception {
    Path dir = Files.createDirectories(work.resolve("watch"));
    List<Double> out = new ArrayList<>();
    try (WatchService watch = FileSystems.getDefault().newWatchService()) {
      dir.register(
          watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_DELETE);
      for (int i = 0; i < RUNS; i++) {
        Path target = Files.createDirectory(dir.resolve("..target" + i));
        Files.createSymbolicLink(dir.resolve("..data_tmp"), target.getFileName());
        drain(watch);
        long began = System.nanoTime();
        Files.move(
            dir.resolve("..data_tmp"), dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        watch.poll(5, TimeUnit.SECONDS).reset();
        out.add((System.nanoTime() - began) / 1e6);
      }
    }
    return out;
  }

  private static void drain(WatchService watch) throws InterruptedException {
    for (var key = watch.poll(50, TimeUnit.MILLISECONDS);
        key != null;
        key = watch.poll(50, TimeUnit.MILLISECONDS)) {
      key.pollEvents();
      key.reset();
    }
  }

  /**
   * Milliseconds from each change to the watcher's report: with file events and {@code quiet}, or
   * polling only every {@code poll} when {@code quiet} is null.
   */
  private static List<Double> detections(Path dir, FileChange change, Duration quiet, Duration poll)
      throws Exception {
    Path file = dir.resolve("app.yaml");
    change.write(dir, "app.yaml", "run: 0\n");
    BlockingQueue<Long> reported = new LinkedBlockingQueue<>();
    Consumer<Set<Path>> onChange = changed -> reported.add(System.nanoTime());
    List<Double> out = new ArrayList<>();
    try (FileWatcher watcher =
        quiet == null
            ? FileWatcher.pollingOnly(poll, onChange)
            : new FileWatcher(quiet, Duration.ofSeconds(1), Duration.ofHours(1), onChange)) {
      watcher.watch(List.of(file));
      watcher.start();
      for (int run = 1; run <= RUNS; run++) {
        long began = System.nanoTime();
        change.write(dir, "app.yaml", "run: " + run + "\n");
        Long at = reported.poll(10, TimeUnit.SECONDS);
        if (at == null) {
          throw new IllegalStateException(change + " run " + run + " was not reported");
        }
        out.add((at - began) / 1e6);
        TimeUnit.MILLISECONDS.sleep(300 + ThreadLocalRandom.current().nextInt(250)); // not in phase
        extraReports += reported.size(); // e.g. a half-written file reported first
        reported.clear();
      }
    }
    return out;
  }

  private static int extraReports;

  private static String reportsPerChange() {
    String out = RUNS + " changes, " + extraReports + " extra reports";
    extraReports = 0;
    return out;
  }

  /** Milliseconds from each file change to the first response with the new site's content. */
  private static List<Double> reloads(Path dir, FileChange change) throws Exception {
    for (int i = 0; i < 2; i++) {
      Files.writeString(
          Files.createDirectories(dir.resolve("site-" + i)).resolve("index.html"), "" + i);
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    List<Double> out = new ArrayList<>();
    try (ReloadingRuntime app = ReloadingRuntime.start(dir, change, config(port, 0));
        RawHttpConnection client =
            new RawHttpConnection(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
      for (int run = 1; run <= RUNS; run++) {
        String expected = "" + run % 2;
        long began = System.nanoTime();
        app.write(config(port, run % 2));
        while (!client.get("/", "").read().bodyText().equals(expected)) {
          if (System.nanoTime() - began > TimeUnit.SECONDS.toNanos(10)) {
            throw new IllegalStateException(
                "run "
                    + run
                    + " was not applied within 10 s; applied "
                    + app.reloads("applied")
                    + ", invalid "
                    + app.reloads("invalid")
                    + ", status "
                    + app.status()
                    + ", file "
                    + ConfigSnapshot.read(dir.resolve(ReloadingRuntime.FILE)).hash());
          }
        }
        out.add((System.nanoTime() - began) / 1e6);
      }
    }
    return out;
  }

  private static String config(int port, int site) {
    return """
        application: bench
        admin: {listen: "tcp:0:interface=127.0.0.1"}
        services:
          - {name: web, type: web, listen: ["tcp:%d:interface=127.0.0.1"], options: {path: site-%d}}
        """
        .formatted(port, site);
  }

  private static String summary(List<Double> millis) {
    List<Double> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    double median = sorted.get(sorted.size() / 2);
    return String.format(
        Locale.ROOT,
        "median %.1f ms (min %.1f, max %.1f, n=%d)",
        median,
        sorted.get(0),
        sorted.get(sorted.size() - 1),
        sorted.size());
  }
}
