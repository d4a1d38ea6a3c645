package io.twistd.runtime.builtin.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.RawHttpConnection;
import io.twistd.runtime.testing.RawHttpConnection.Response;
import io.twistd.runtime.testing.ServiceFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connections and bodies: keep-alive rules, and large files intact over plain TCP and TLS. */
class WebTransferTest {

  @TempDir Path base;
  private ServiceFixture fixture;
  private Path root;
  private byte[] large;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new ServiceFixture(base);
    root = Files.createDirectory(base.resolve("root"));
    Files.writeString(root.resolve("a.txt"), "aaa");
    Files.writeString(root.resolve("b.txt"), "bbbb");
    large = new byte[1024 * 1024 + 7];
    new Random(42).nextBytes(large);
    Files.write(root.resolve("large.bin"), large);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
  }

  @Test
  void servesSeveralRequestsOnOneKeptAliveConnection() throws Exception {
    Service web = fixture.start("web", "site", Map.of("path", root.toString()));
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(web))) {
      Response first = connection.get("/a.txt", "").read();
      Response second = connection.get("/b.txt", "").read();

      assertThat(first.bodyText()).isEqualTo("aaa");
      assertThat(first.header("connection")).isNull();
      assertThat(second.bodyText()).isEqualTo("bbbb");
    }
  }

  @Test
  void answersPipelinedRequestsInOrder() throws Exception {
    Service web = fixture.start("web", "site", Map.of("path", root.toString()));
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(web))) {
      connection.send(
          "GET /a.txt HTTP/1.1\r\nHost: t\r\n\r\nGET /missing HTTP/1.1\r\nHost: t\r\n\r\n"
              + "GET /b.txt HTTP/1.1\r\nHost: t\r\n\r\n");

      assertThat(connection.read().bodyText()).isEqualTo("aaa");
      assertThat(connection.read().status()).isEqualTo(404);
      assertThat(connection.read().bodyText()).isEqualTo("bbbb");
    }
  }

  @Test
  void closesAfterTheResponseWhenTheClientAsksForClose() throws Exception {
    Service web = fixture.start("web", "site", Map.of("path", root.toString()));
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(web))) {
      Response response = connection.get("/a.txt", "Connection: close\r\n").read();

      assertThat(response.bodyText()).isEqualTo("aaa");
      assertThat(response.header("connection")).isEqualTo("close");
      assertThat(connection.isClosedByPeer()).isTrue();
    }
  }

  @Test
  void followsHttp10KeepAliveRules() throws Exception {
    Service web = fixture.start("web", "site", Map.of("path", root.toString()));
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(web))) {
      connection.send("GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
      Response kept = connection.read();
      assertThat(kept.header("connection")).isEqualToIgnoringCase("keep-alive");

      connection.send("GET /b.txt HTTP/1.0\r\n\r\n");
      Response closing = connection.read();
      assertThat(closing.bodyText()).isEqualTo("bbbb");
      assertThat(connection.isClosedByPeer()).isTrue();
    }
  }

  @Test
  void sendsALargeFileIntactOverPlainTcp() throws Exception {
    Service web = fixture.start("web", "site", Map.of("path", root.toString()));
    HttpClient client = HttpClient.newHttpClient();

    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + ServiceFixture.address(web).getPort() + "/large.bin"))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(large);
  }

  /**
   * A file sent from disk goes out on a corked connection ({@code TCP_CORK}); if the cork stayed
   * on, each response's last partial segment would wait for the kernel's 200 ms timer, and 25
   * responses would take at least 5 s.
   */
  @Test
  void sendsFilesFromDiskOnAKeptAliveConnectionWithoutWaitingForTheCorkTimer() throws Exception {
    byte[] body = Arrays.copyOf(large, ResolvedFiles.MAX_CONTENT_SIZE * 4 + 1);
    Files.write(root.resolve("disk.bin"), body);
    Service web = fixture.start("web", "site", Map.of("path", root.toString()));
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(web))) {
      connection.get("/disk.bin", "").read(); // warms up the path

      long start = System.nanoTime();
      for (int i = 0; i < 25; i++) {
        assertThat(connection.get("/disk.bin", "").read().body()).isEqualTo(body);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void answersHeadForAFileSentFromDiskWithItsHeadersAndNoBody() throws Exception {
    Service web = fixture.start("web", "site", Map.of("path", root.toString()));
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(web))) {
      Response get = connection.get("/large.bin", "").read();
      connection.send("HEAD /large.bin HTTP/1.1\r\nHost: test\r\n\r\n");
      Response head = connection.read(true);

      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("content-length")).isEqualTo(String.valueOf(large.length));
      assertThat(head.headers()).containsAllEntriesOf(withoutDate(get.headers()));
      // the next response on the same connection starts right away: HEAD sent no body
      assertThat(connection.get("/a.txt", "").read().bodyText()).isEqualTo("aaa");
    }
  }

  private static Map<String, String> withoutDate(Map<String, String> headers) {
    Map<String, String> copy = new HashMap<>(headers);
    copy.remove("date"); // a second may pass between the two responses
    return copy;
  }

  @Test
  void sendsALargeFileARangeAndASmallFileIntactOverTls() throws Exception {
    X509Bundle cert =
        new CertificateBuilder()
            .subject("CN=localhost")
            .addSanIpAddress("127.0.0.1")
            .setIsCertificateAuthority(true)
            .buildSelfSigned();
    Files.writeString(base.resolve("cert.pem"), cert.getCertificatePEM());
    Files.writeString(base.resolve("key.pem"), cert.getPrivateKeyPEM());
    Service web =
        fixture.start(
            fixture.make(
                "web",
                "site",
                List.of("ssl:0:privateKey=key.pem:certKey=cert.pem:interface=127.0.0.1"),
                Map.of("path", root.toString())));
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, cert.toTrustManagerFactory().getTrustManagers(), null);
    HttpClient client =
        HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1).build();
    URI uri =
        URI.create("https://127.0.0.1:" + ServiceFixture.address(web).getPort() + "/large.bin");

    HttpResponse<byte[]> whole =
        client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> part =
        client.send(
            HttpRequest.newBuilder(uri).header("Range", "bytes=1000-400999").build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(large);
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(large, 1000, 401000));
    HttpResponse<String> small = // kept in memory, sent in one write with its headers
        client.send(
            HttpRequest.newBuilder(uri.resolve("/a.txt")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(small.statusCode()).isEqualTo(200);
    assertThat(small.body()).isEqualTo("aaa");
  }
}
