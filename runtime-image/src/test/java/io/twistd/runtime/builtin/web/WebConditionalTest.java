package io.twistd.runtime.builtin.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.codec.DateFormatter;
import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.RawHttpConnection;
import io.twistd.runtime.testing.RawHttpConnection.Response;
import io.twistd.runtime.testing.ServiceFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebConditionalTest {

  private static final Instant MODIFIED = Instant.parse("2024-05-01T10:00:00Z");

  @TempDir Path base;
  private ServiceFixture fixture;
  private Service web;
  private Path page;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new ServiceFixture(base);
    page = Files.writeString(base.resolve("page.html"), "<p>page</p>");
    Files.setLastModifiedTime(page, FileTime.from(MODIFIED));
    web = fixture.start("web", "site", Map.of("path", base.toString()));
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void sendsValidators() throws IOException {
    Response response = get("");

    assertThat(response.header("etag")).matches("\"[0-9a-f]+-[0-9a-f]+\"");
    assertThat(response.header("last-modified")).isEqualTo("Wed, 01 May 2024 10:00:00 GMT");
  }

  @Test
  void answers304WhenIfNoneMatchNamesTheCurrentTag() throws IOException {
    String etag = get("").header("etag");

    Response response = get("If-None-Match: " + etag + "\r\n");

    assertThat(response.status()).isEqualTo(304);
    assertThat(response.header("etag")).isEqualTo(etag);
    assertThat(response.body()).isEmpty();
  }

  @Test
  void matchesIfNoneMatchListsWeakTagsAndStar() throws IOException {
    String etag = get("").header("etag");

    assertThat(get("If-None-Match: \"other\", W/" + etag + "\r\n").status()).isEqualTo(304);
    assertThat(get("If-None-Match: *\r\n").status()).isEqualTo(304);
    assertThat(get("If-None-Match: \"other\"\r\n").status()).isEqualTo(200);
  }

  @Test
  void answers200SoonAfterTheFileChanges() throws IOException {
    String etag = get("").header("etag");
    Files.writeString(page, "<p>new page</p>");

    // what a path resolved to is remembered for about a second (ResolvedFiles)
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(
            () -> {
              Response response = get("If-None-Match: " + etag + "\r\n");
              assertThat(response.status()).isEqualTo(200);
              assertThat(response.bodyText()).isEqualTo("<p>new page</p>");
            });
  }

  @Test
  void answers304WhenNotModifiedSinceTheGivenDate() throws IOException {
    assertThat(get("If-Modified-Since: " + httpDate(MODIFIED) + "\r\n").status()).isEqualTo(304);
    assertThat(get("If-Modified-Since: " + httpDate(MODIFIED.plusSeconds(60)) + "\r\n").status())
        .isEqualTo(304);
    assertThat(get("If-Modified-Since: " + httpDate(MODIFIED.minusSeconds(1)) + "\r\n").status())
        .isEqualTo(200);
    assertThat(get("If-Modified-Since: not a date\r\n").status()).isEqualTo(200);
  }

  @Test
  void letsIfNoneMatchTakePrecedenceOverIfModifiedSince() throws IOException {
    Response response =
        get("If-None-Match: \"other\"\r\nIf-Modified-Since: " + httpDate(MODIFIED) + "\r\n");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).isEqualTo("<p>page</p>");
  }

  @Test
  void keepsTheConnectionAfterA304() throws IOException {
    String etag = get("").header("etag");
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(web))) {
      assertThat(connection.get("/page.html", "If-None-Match: " + etag + "\r\n").read().status())
          .isEqualTo(304);
      assertThat(connection.get("/page.html", "").read().bodyText()).isEqualTo("<p>page</p>");
    }
  }

  private static String httpDate(Instant instant) {
    return DateFormatter.format(Date.from(instant));
  }

  private Response get(String headers) throws IOException {
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(web))) {
      return connection.get("/page.html", headers).read();
    }
  }
}
