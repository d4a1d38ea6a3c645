package io.twistd.runtime.builtin.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.FileRegion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResolvedFilesTest {

  private static final long SECOND = ResolvedFiles.REVALIDATE_AFTER.toNanos();

  @TempDir Path root;
  private final AtomicLong clock = new AtomicLong(1_000);
  private final ResolvedFiles resolved = new ResolvedFiles(clock::get);

  @Test
  void usesARememberedPathUntilItIsDueForRevalidation() throws IOException {
    Path file = Files.writeString(root.resolve("a.txt"), "aaa");
    ResolvedFiles.Entry entry = resolved.remember("/a.txt", file);

    clock.addAndGet(SECOND - 1);
    assertThat(resolved.fresh("/a.txt")).isSameAs(entry);

    clock.addAndGet(1);
    assertThat(resolved.fresh("/a.txt")).isNull();
    assertThat(resolved.fresh("/other.txt")).isNull();
  }

  @Test
  void keepsTheContentOfASmallFileAndReadsItAgainOnlyWhenTheFileChanged() throws IOException {
    Path file = Files.writeString(root.resolve("a.txt"), "aaa");
    ResolvedFiles.Entry first = resolved.remember("/a.txt", file);
    assertThat(text(first)).isEqualTo("aaa");

    clock.addAndGet(SECOND);
    ResolvedFiles.Entry same = resolved.remember("/a.txt", file);
    assertThat(same.content()).isSameAs(first.content());
    assertThat(resolved.fresh("/a.txt")).isSameAs(same);

    Files.writeString(file, "bbbb");
    clock.addAndGet(SECOND);
    ResolvedFiles.Entry changed = resolved.remember("/a.txt", file);
    assertThat(text(changed)).isEqualTo("bbbb");
    assertThat(changed.file().size()).isEqualTo(4);
  }

  @Test
  void keepsALargeFileOpenUntilItChanges() throws IOException {
    Path file = Files.write(root.resolve("big"), new byte[ResolvedFiles.MAX_CONTENT_SIZE + 1]);

    ResolvedFiles.Entry entry = resolved.remember("/big", file);
    assertThat(entry.content()).isNull();
    assertThat(entry.open().refCnt()).isEqualTo(1);

    clock.addAndGet(SECOND);
    assertThat(resolved.remember("/big", file).open()).isSameAs(entry.open());

    Files.write(file, new byte[ResolvedFiles.MAX_CONTENT_SIZE + 2]);
    clock.addAndGet(SECOND);
    ResolvedFiles.Entry changed = resolved.remember("/big", file);
    assertThat(changed.open()).isNotSameAs(entry.open());
    assertThat(entry.open().refCnt()).isZero(); // closed
  }

  @Test
  void keepsASharedFileOpenWhileARegionOfItIsInFlight() throws IOException {
    Path file = Files.write(root.resolve("big"), new byte[ResolvedFiles.MAX_CONTENT_SIZE + 1]);
    SharedFile open = resolved.remember("/big", file).open();
    FileRegion region = open.region(0, 10);

    Files.write(file, new byte[ResolvedFiles.MAX_CONTENT_SIZE + 2]);
    clock.addAndGet(SECOND);
    resolved.remember("/big", file);
    assertThat(open.refCnt()).isEqualTo(1);

    region.release();
    assertThat(open.refCnt()).isZero();
    assertThat(open.region(0, 10)).isNull();
  }

  @Test
  void closingLetsGoOfOpenFilesAtOnceAndRemembersNothingAfter() throws IOException {
    Path big = Files.write(root.resolve("big"), new byte[ResolvedFiles.MAX_CONTENT_SIZE + 1]);
    Path small = Files.writeString(root.resolve("a.txt"), "aaa");
    SharedFile idle = resolved.remember("/big", big).open();
    Path other = Files.write(root.resolve("other"), new byte[ResolvedFiles.MAX_CONTENT_SIZE + 1]);
    SharedFile sending = resolved.remember("/other", other).open();
    resolved.remember("/a.txt", small);
    FileRegion inFlight = sending.region(0, 10);

    resolved.close();

    assertThat(idle.refCnt()).isZero(); // closed
    assertThat(sending.refCnt()).isEqualTo(1); // the response in flight still sends it
    assertThat(resolved.fresh("/big")).isNull();
    assertThat(resolved.fresh("/a.txt")).isNull();
    inFlight.release();
    assertThat(sending.refCnt()).isZero();

    ResolvedFiles.Entry after = resolved.remember("/big", big);
    assertThat(after.open()).isNull();
    assertThat(after.content()).isNull();
    assertThat(resolved.fresh("/big")).isNull();
  }

  @Test
  void dropsPathsNotAskedForAWhileWhenAnotherIsRemembered() throws IOException {
    Path big = Files.write(root.resolve("big"), new byte[ResolvedFiles.MAX_CONTENT_SIZE + 1]);
    SharedFile open = resolved.remember("/big", big).open();

    clock.addAndGet(ResolvedFiles.INACTIVE_AFTER.toNanos());
    resolved.remember("/a.txt", Files.writeString(root.resolve("a.txt"), "aaa"));

    assertThat(open.refCnt()).isZero();
    assertThat(resolved.fresh("/big")).isNull();
    assertThat(resolved.fresh("/a.txt")).isNotNull();
  }

  @Test
  void readsWithoutRememberingForANullKey() throws IOException {
    Path file = Files.writeString(root.resolve("a.txt"), "aaa");

    assertThat(resolved.remember(null, file).file().size()).isEqualTo(3);
  }

  @Test
  void makesRoomByDroppingStaleEntriesAndServesUnrememberedWhenAllAreFresh() throws IOException {
    Path file = Files.writeString(root.resolve("a.txt"), "aaa");
    for (int i = 0; i < ResolvedFiles.MAX_ENTRIES; i++) {
      resolved.remember("/a.txt?" + i, file);
    }

    resolved.remember("/one-too-many", file);
    assertThat(resolved.fresh("/one-too-many")).isNull();

    clock.addAndGet(SECOND);
    resolved.remember("/one-too-many", file);
    assertThat(resolved.fresh("/one-too-many")).isNotNull();
    assertThat(resolved.fresh("/a.txt?0")).isNull();
  }

  private static String text(ResolvedFiles.Entry entry) {
    return new String(ByteBufUtil.getBytes(entry.content()), StandardCharsets.UTF_8);
  }
}
