package io.twistd.runtime.builtin.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.RawHttpConnection;
import io.twistd.runtime.testing.ServiceFixture;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebServiceTest {

  @TempDir Path base;
  private ServiceFixture fixture;
  private Path site;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() throws IOException {
    fixture = new ServiceFixture(base);
    site = Files.createDirectory(base.resolve("site"));
    Files.writeString(site.resolve("hello.txt"), "hello, world\n");
    Files.writeString(site.resolve("style.css"), "body { color: red }");
    Files.write(site.resolve("blob.bin"), new byte[] {1, 2, 3});
    Files.createDirectory(site.resolve("docs"));
    Files.writeString(site.resolve("docs/index.html"), "<h1>docs</h1>");
    Files.createDirectory(site.resolve("empty"));
    Files.writeString(site.resolve("empty/<b>&amp.txt"), "x");
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void servesAFileWithItsContentTypeAndStandardHeaders() throws Exception {
    Service web = start(Map.of());

    HttpResponse<String> response = get(web, "/hello.txt");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("hello, world\n");
    assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    assertThat(response.headers().firstValue("content-length")).hasValue("13");
    assertThat(response.headers().firstValue("server")).hasValue("twistd-runtime");
    assertThat(response.headers().firstValue("date")).isPresent();
    assertThat(response.headers().firstValue("accept-ranges")).hasValue("bytes");
    assertThat(get(web, "/style.css").headers().firstValue("content-type"))
        .hasValue("text/css; charset=utf-8");
    assertThat(get(web, "/blob.bin").headers().firstValue("content-type"))
        .hasValue("application/octet-stream");
  }

  @Test
  void answersHeadWithTheHeadersOfGetAndNoBody() throws Exception {
    Service web = start(Map.of());
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(web))) {
      connection.send("HEAD /hello.txt HTTP/1.1\r\nHost: test\r\n\r\n");
      RawHttpConnection.Response head = connection.read(true);
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("content-length")).isEqualTo("13");
      assertThat(head.header("etag")).isNotBlank();

      // the next response on the same connection starts right away: HEAD sent no body
      RawHttpConnection.Response next = connection.get("/hello.txt", "").read();
      assertThat(next.bodyText()).isEqualTo("hello, world\n");
    }
  }

  @Test
  void refusesOtherMethodsWith405AndAllow() throws Exception {
    Service web = start(Map.of());

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri(web, "/hello.txt"))
                .POST(HttpRequest.BodyPublishers.ofString("data"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.headers().firstValue("allow")).hasValue("GET, HEAD");
  }

  @Test
  void servesTheIndexFileOfADirectory() throws Exception {
    Service web = start(Map.of());

    HttpResponse<String> response = get(web, "/docs/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("<h1>docs</h1>");
    assertThat(response.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
  }

  @Test
  void servesAConfiguredIndexName() throws Exception {
    Files.writeString(site.resolve("docs/home.htm"), "home");
    Service web = start(Map.of("index", "home.htm"));

    assertThat(get(web, "/docs/").body()).isEqualTo("home");
  }

  @Test
  void redirectsADirectoryWithoutTrailingSlashKeepingTheQuery() throws Exception {
    Service web = start(Map.of());

    HttpResponse<String> response = get(web, "/docs?x=1");

    assertThat(response.statusCode()).isEqualTo(301);
    assertThat(response.headers().firstValue("location")).hasValue("/docs/?x=1");
  }

  @Test
  void redirectNeverPointsToAnotherHost() throws Exception {
    Files.createDirectory(site.resolve("evil.example"));
    Service web = start(Map.of());
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(web))) {
      RawHttpConnection.Response response = connection.get("//evil.example", "").read();

      assertThat(response.status()).isEqualTo(301);
      assertThat(response.header("location")).isEqualTo("/evil.example/");
    }
  }

  @Test
  void answers404ForADirectoryWithoutIndexWhenListingIsOff() throws Exception {
    Service web = start(Map.of());

    HttpResponse<String> response = get(web, "/empty/");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).doesNotContain("amp.txt");
  }

  @Test
  void listsADirectoryWithEscapedNamesWhenListingIsOn() throws Exception {
    Files.createDirectory(site.resolve("empty/sub dir"));
    Service web = start(Map.of("listing", true));

    HttpResponse<String> response = get(web, "/empty/");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
    assertThat(response.body())
        .contains("Index of /empty/")
        .contains("<a href=\"%3Cb%3E%26amp.txt\">&lt;b&gt;&amp;amp.txt</a>")
        .contains("<a href=\"sub%20dir/\">sub dir/</a>")
        .doesNotContain("<b>");
  }

  @Test
  void answers404ForMissingFilesAndForAFileWithATrailingSlash() throws Exception {
    Service web = start(Map.of());

    assertThat(get(web, "/missing.txt").statusCode()).isEqualTo(404);
    assertThat(get(web, "/hello.txt/").statusCode()).isEqualTo(404);
  }

  @Test
  void answers400AndClosesForAMalformedRequest() throws Exception {
    Service web = start(Map.of());
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(web))) {
      RawHttpConnection.Response response = connection.get("/bad%zzescape", "").read();

      assertThat(response.status()).isEqualTo(400);
      assertThat(response.header("connection")).isEqualTo("close");
      assertThat(connection.isClosedByPeer()).isTrue();
    }
  }

  @Test
  void resolvesARelativePathAgainstTheBaseDirectory() throws Exception {
    Service web = start(Map.of("path", "site"));

    assertThat(get(web, "/hello.txt").body()).isEqualTo("hello, world\n");
  }

  @Test
  void refusesAPathThatIsNotADirectory() {
    assertThatThrownBy(
            () ->
                fixture.make(
                    "web",
                    "site",
                    List.of("tcp:0:interface=127.0.0.1"),
                    Map.of("path", site.resolve("hello.txt").toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("option 'path'")
        .hasMessageContaining("not a directory");
  }

  private Service start(Map<String, Object> options) {
    Map<String, Object> all = new java.util.HashMap<>(Map.of("path", site.toString()));
    all.putAll(options);
    return fixture.start("web", "site", all);
  }

  private HttpResponse<String> get(Service web, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(uri(web, path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(Service web, String path) {
    return URI.create("http://127.0.0.1:" + ServiceFixture.address(web).getPort() + path);
  }
}
