package io.twistd.runtime.config.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link FileWatcher}: every way a file changes is one report; nothing else is. */
class FileWatcherTest {

  /** Long enough that only file events, never the poll, can explain a prompt report. */
  private static final Duration NO_POLL = Duration.ofHours(1);

  @TempDir Path dir;

  private final List<Set<Path>> reports = new CopyOnWriteArrayList<>();
  private FileWatcher watcher;

  private FileWatcher watch(Path file, Duration pollInterval) {
    watcher =
        new FileWatcher(Duration.ofMillis(100), Duration.ofSeconds(1), pollInterval, reports::add);
    watcher.watch(List.of(file));
    watcher.start();
    return watcher;
  }

  @AfterEach
  void close() {
    if (watcher != null) {
      watcher.close();
    }
  }

  private void assertExactlyOneReportOf(Path file) {
    await().atMost(Duration.ofSeconds(5)).until(() -> !reports.isEmpty());
    await()
        .during(Duration.ofMillis(700))
        .atMost(Duration.ofSeconds(2))
        .until(() -> reports.size() == 1);
    assertThat(reports.get(0)).containsExactly(file);
  }

  @ParameterizedTest
  @EnumSource(FileChange.class)
  void eachWayOfChangingAFileIsReportedOnce(FileChange change) throws Exception {
    change.write(dir, "app.yaml", "application: one\n");
    Path file = dir.resolve("app.yaml");
    watch(file, NO_POLL);

    change.write(dir, "app.yaml", "application: two\n");

    assertExactlyOneReportOf(file);
  }

  @ParameterizedTest
  @EnumSource(FileChange.class)
  void rewritingTheSameContentReportsNothing(FileChange change) throws Exception {
    change.write(dir, "app.yaml", "application: one\n");
    Path file = dir.resolve("app.yaml");
    watch(file, Duration.ofMillis(200));

    change.write(dir, "app.yaml", "application: one\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));

    await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(reports::isEmpty);
  }

  @Test
  void anAtomicWriterSwapIsReportedWithoutWaitingForTheQuietPeriod() throws Exception {
    FileChange.ATOMIC_WRITER.write(dir, "app.yaml", "application: one\n");
    Path file = dir.resolve("app.yaml");
    watchQuietFor(Duration.ofSeconds(30), file);

    FileChange.ATOMIC_WRITER.write(dir, "app.yaml", "application: two\n");

    await().atMost(Duration.ofSeconds(5)).until(() -> !reports.isEmpty());
    assertThat(reports).containsExactly(Set.of(file));
  }

  @ParameterizedTest
  @EnumSource(
      value = FileChange.class,
      names = {"IN_PLACE", "WRITE_AND_RENAME"})
  void otherChangesStillWaitForTheQuietPeriod(FileChange change) throws Exception {
    change.write(dir, "app.yaml", "application: one\n");
    Path file = dir.resolve("app.yaml");
    watchQuietFor(Duration.ofSeconds(30), file);

    change.write(dir, "app.yaml", "application: two\n");

    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(reports::isEmpty);
  }

  private void watchQuietFor(Duration quietPeriod, Path file) {
    watcher = new FileWatcher(quietPeriod, quietPeriod, NO_POLL, reports::add);
    watcher.watch(List.of(file));
    watcher.start();
  }

  @Test
  void aBurstOfWritesIsOneReport() throws Exception {
    Path file = dir.resolve("app.yaml");
    Files.writeString(file, "v0\n");
    watch(file, NO_POLL);

    for (int i = 1; i <= 10; i++) {
      Files.writeString(file, "v" + i + "\n");
    }

    assertExactlyOneReportOf(file);
  }

  @Test
  void anotherFileInTheDirectoryReportsNothing() throws Exception {
    Path file = dir.resolve("app.yaml");
    Files.writeString(file, "v0\n");
    watch(file, NO_POLL);

    Files.writeString(dir.resolve("motd.txt"), "hello\n");

    await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2)).until(reports::isEmpty);
  }

  @ParameterizedTest
  @EnumSource(FileChange.class)
  void withoutFileEventsPollingStillReportsEachChangeOnce(FileChange change) throws Exception {
    change.write(dir, "app.yaml", "application: one\n");
    Path file = dir.resolve("app.yaml");
    watcher = FileWatcher.pollingOnly(Duration.ofMillis(100), reports::add);
    watcher.watch(List.of(file));
    watcher.start();

    change.write(dir, "app.yaml", "application: two\n");

    assertExactlyOneReportOf(file);
  }

  @Test
  void pollingFindsAChangeWhereNoEventComes() throws Exception {
    Path file = dir.resolve("late/app.yaml"); // its directory does not exist yet: nothing to watch
    watch(file, Duration.ofMillis(200));

    Files.createDirectories(file.getParent());
    Files.writeString(file, "v1\n");

    assertExactlyOneReportOf(file);
  }
}
