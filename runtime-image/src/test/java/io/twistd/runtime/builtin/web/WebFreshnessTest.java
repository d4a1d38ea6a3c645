package io.twistd.runtime.builtin.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.RawHttpConnection;
import io.twistd.runtime.testing.RawHttpConnection.Response;
import io.twistd.runtime.testing.ServiceFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a path resolved to is remembered for about a second ({@link ResolvedFiles}); changes to the
 * files, small (kept in memory) or large (sent from the file), show within a few seconds.
 */
class WebFreshnessTest {

  private static final Duration SOON = Duration.ofSeconds(5);
  private static final int LARGE = ResolvedFiles.MAX_CONTENT_SIZE * 4;

  @TempDir Path base;
  private ServiceFixture fixture;
  private Service web;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new ServiceFixture(base);
    Files.writeString(base.resolve("small.txt"), "old");
    Files.write(base.resolve("large.bin"), filled(LARGE, (byte) 'a'));
    web = fixture.start("web", "site", Map.of("path", base.toString()));
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void servesTheNewContentOfASmallFileSoonAfterItChanges() throws IOException {
    assertThat(get("/small.txt").bodyText()).isEqualTo("old");

    Files.writeString(base.resolve("small.txt"), "the new content");

    await()
        .atMost(SOON)
        .untilAsserted(
            () -> {
              Response response = get("/small.txt");
              assertThat(response.bodyText()).isEqualTo("the new content");
              assertThat(response.header("content-length")).isEqualTo("15");
            });
  }

  @Test
  void servesTheNewContentOfALargeFileSoonAfterItIsReplaced() throws IOException {
    assertThat(get("/large.bin").body()).isEqualTo(filled(LARGE, (byte) 'a'));
    Path next = Files.write(base.resolve("large.next"), filled(LARGE + 1, (byte) 'b'));

    Files.move(next, base.resolve("large.bin"), StandardCopyOption.ATOMIC_MOVE);

    await()
        .atMost(SOON)
        .untilAsserted(
            () -> assertThat(get("/large.bin").body()).isEqualTo(filled(LARGE + 1, (byte) 'b')));
  }

  @Test
  void answers404SoonAfterAFileIsDeletedAnd200SoonAfterItComesBack() throws IOException {
    assertThat(get("/small.txt").status()).isEqualTo(200);

    Files.delete(base.resolve("small.txt"));
    await().atMost(SOON).until(() -> get("/small.txt").status() == 404);

    Files.writeString(base.resolve("small.txt"), "back");
    await().atMost(SOON).until(() -> get("/small.txt").bodyText().equals("back"));
  }

  @Test
  void servesAFileCreatedAfterItsPathWasAskedFor() throws IOException {
    assertThat(get("/later.txt").status()).isEqualTo(404);

    Files.writeString(base.resolve("later.txt"), "here now");

    assertThat(get("/later.txt").bodyText()).isEqualTo("here now"); // a 404 is not remembered
  }

  private Response get(String path) throws IOException {
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(web))) {
      return connection.get(path, "").read();
    }
  }

  private static byte[] filled(int size, byte value) {
    byte[] bytes = new byte[size];
    Arrays.fill(bytes, value);
    return bytes;
  }
}
