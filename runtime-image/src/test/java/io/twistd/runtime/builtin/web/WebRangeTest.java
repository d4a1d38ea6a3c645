package io.twistd.runtime.builtin.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.RawHttpConnection;
import io.twistd.runtime.testing.RawHttpConnection.Response;
import io.twistd.runtime.testing.ServiceFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebRangeTest {

  private static final String DIGITS = "0123456789abcdefghij"; // 20 bytes

  @TempDir Path base;
  private ServiceFixture fixture;
  private Service web;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new ServiceFixture(base);
    Files.writeString(base.resolve("digits.txt"), DIGITS);
    web = fixture.start("web", "site", Map.of("path", base.toString()));
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void servesAClosedRangeWith206() throws IOException {
    Response response = get("Range: bytes=2-5\r\n");

    assertThat(response.status()).isEqualTo(206);
    assertThat(response.bodyText()).isEqualTo("2345");
    assertThat(response.header("content-range")).isEqualTo("bytes 2-5/20");
    assertThat(response.header("content-length")).isEqualTo("4");
  }

  @Test
  void servesAnOpenEndedRangeToTheEnd() throws IOException {
    Response response = get("Range: bytes=15-\r\n");

    assertThat(response.status()).isEqualTo(206);
    assertThat(response.bodyText()).isEqualTo("fghij");
    assertThat(response.header("content-range")).isEqualTo("bytes 15-19/20");
  }

  @Test
  void servesASuffixRangeOfTheLastBytes() throws IOException {
    Response response = get("Range: bytes=-3\r\n");

    assertThat(response.status()).isEqualTo(206);
    assertThat(response.bodyText()).isEqualTo("hij");
    assertThat(response.header("content-range")).isEqualTo("bytes 17-19/20");
  }

  @Test
  void clampsARangeThatRunsPastTheEnd() throws IOException {
    Response response = get("Range: bytes=18-1000\r\n");

    assertThat(response.status()).isEqualTo(206);
    assertThat(response.bodyText()).isEqualTo("ij");
    assertThat(response.header("content-range")).isEqualTo("bytes 18-19/20");
  }

  @Test
  void answers416ForARangeBeyondTheFile() throws IOException {
    Response response = get("Range: bytes=20-30\r\n");

    assertThat(response.status()).isEqualTo(416);
    assertThat(response.header("content-range")).isEqualTo("bytes */20");
    assertThat(response.bodyText()).doesNotContain(DIGITS);
  }

  @Test
  void answersMultipleRangesWithTheWholeFile() throws IOException {
    Response response = get("Range: bytes=0-1,5-6\r\n");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).isEqualTo(DIGITS);
    assertThat(response.header("content-range")).isNull();
  }

  @Test
  void ignoresAMalformedRange() throws IOException {
    Response response = get("Range: bytes=5-2\r\n");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.bodyText()).isEqualTo(DIGITS);
  }

  @Test
  void honoursIfRangeOnlyWhileTheEntityTagMatches() throws IOException {
    String etag = get("").header("etag");

    Response current = get("Range: bytes=0-1\r\nIf-Range: " + etag + "\r\n");
    Response stale = get("Range: bytes=0-1\r\nIf-Range: \"stale\"\r\n");

    assertThat(current.status()).isEqualTo(206);
    assertThat(current.bodyText()).isEqualTo("01");
    assertThat(stale.status()).isEqualTo(200);
    assertThat(stale.bodyText()).isEqualTo(DIGITS);
  }

  private Response get(String headers) throws IOException {
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(web))) {
      return connection.get("/digits.txt", headers).read();
    }
  }
}
