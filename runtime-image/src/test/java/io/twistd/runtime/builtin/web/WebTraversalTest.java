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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way out of the root ends in the same 404, and the secret never appears on the wire. */
class WebTraversalTest {

  private static final String SECRET = "TOP-SECRET-CONTENT";

  @TempDir Path base;
  private ServiceFixture fixture;
  private Service web;

  @BeforeEach
  void setUp() throws IOException {
    fixture = new ServiceFixture(base);
    Files.writeString(base.resolve("secret"), SECRET);
    Path root = Files.createDirectory(base.resolve("root"));
    Files.createDirectory(root.resolve("a"));
    Files.writeString(root.resolve("a/public.txt"), "public");
    Files.createSymbolicLink(root.resolve("link"), base.resolve("secret"));
    Files.createSymbolicLink(root.resolve("outdir"), base);
    Files.createSymbolicLink(root.resolve("inside"), root.resolve("a/public.txt"));
    web = fixture.start("web", "site", Map.of("path", root.toString(), "listing", true));
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/../secret",
        "/%2e%2e/secret",
        "/%2E%2E/secret",
        "/a/%2e%2e/%2e%2e/secret",
        "/a/..%2f..%2fsecret",
        "/..%2fsecret",
        "/%2fsecret",
        "/..%5csecret",
        "/a/..\\..\\secret",
        "/secret%00.txt",
        "/link",
        "/outdir/secret",
        "/outdir/",
        "http://test/../secret"
      })
  void refusesEveryEscapeWith404(String path) throws IOException {
    Response response = get(path);

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.bodyText()).doesNotContain(SECRET);
  }

  @Test
  void stillServesFilesAndLinksInsideTheRoot() throws IOException {
    assertThat(get("/a/public.txt").bodyText()).isEqualTo("public");
    assertThat(get("/a/./public.txt").bodyText()).isEqualTo("public");
    assertThat(get("/inside").bodyText()).isEqualTo("public");
  }

  private Response get(String path) throws IOException {
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(web))) {
      return connection.get(path, "").read();
    }
  }
}
