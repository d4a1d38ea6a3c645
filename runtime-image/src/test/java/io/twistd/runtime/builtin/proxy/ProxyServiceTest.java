package io.twistd.runtime.builtin.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.Counter;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.twistd.runtime.builtin.proxy.TestUpstream.Received;
import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.RawHttpConnection;
import io.twistd.runtime.testing.RawHttpConnection.Response;
import io.twistd.runtime.testing.ServiceFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forwarding: paths, headers both ways, bodies both ways, framing. */
class ProxyServiceTest {

  @TempDir Path base;
  private ServiceFixture fixture;
  private TestUpstream upstream;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() {
    fixture = new ServiceFixture(base);
  }

  @AfterEach
  void tearDown() {
    fixture.close();
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void forwardsAGetUnderTheUpstreamBasePathWithForwardedHeaders() throws Exception {
    upstream = new TestUpstream(TestUpstream.echo());
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", upstream.url("/api/")));

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri(proxy, "/items?x=1"))
                .header("X-Forwarded-For", "10.0.0.1")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("x-seen-uri")).hasValue("/api/items?x=1");
    assertThat(response.headers().firstValue("keep-alive")).isEmpty();
    Map<String, String> seen = TestUpstream.lowerCased(upstream.received().get(0).headers());
    assertThat(seen)
        .containsEntry("host", "127.0.0.1:" + upstream.port())
        .containsEntry("x-forwarded-for", "10.0.0.1, 127.0.0.1")
        .containsEntry("x-forwarded-proto", "http")
        .containsEntry("x-forwarded-host", "127.0.0.1:" + ServiceFixture.address(proxy).getPort());
  }

  @Test
  void forwardsARequestBodyAndStreamsTheResponseBodyBack() throws Exception {
    upstream = new TestUpstream(TestUpstream.echo());
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", upstream.url("")));

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri(proxy, "/submit"))
                .POST(HttpRequest.BodyPublishers.ofString("name=twistd"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("name=twistd");
    Received seen = upstream.received().get(0);
    assertThat(seen.method()).isEqualTo("POST");
    assertThat(seen.uri()).isEqualTo("/submit");
    assertThat(seen.headers().get("content-length")).isEqualTo("11");
  }

  @Test
  void removesHopByHopHeadersFromTheRequest() throws Exception {
    upstream = new TestUpstream(TestUpstream.echo());
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", upstream.url("")));
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(proxy))) {
      connection.send(
          "GET /h HTTP/1.1\r\nHost: front\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\n"
              + "Keep-Alive: 300\r\nTE: trailers\r\nProxy-Authorization: Basic eDp5\r\n"
              + "Upgrade: h2c\r\nX-Kept: yes\r\n\r\n");

      assertThat(connection.read().status()).isEqualTo(200);
    }

    Map<String, String> seen = TestUpstream.lowerCased(upstream.received().get(0).headers());
    assertThat(seen)
        .doesNotContainKeys(
            "x-hop", "keep-alive", "te", "proxy-authorization", "upgrade", "connection")
        .containsEntry("x-kept", "yes")
        .containsEntry("x-forwarded-host", "front");
  }

  @Test
  void streamsAChunkedUpstreamResponse() throws Exception {
    upstream =
        new TestUpstream(
            (ctx, request, nth) -> {
              DefaultHttpResponse head =
                  new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
              HttpUtil.setTransferEncodingChunked(head, true);
              ctx.write(head);
              for (String part : List.of("one,", "two,", "three")) {
                ctx.write(
                    new DefaultHttpContent(Unpooled.copiedBuffer(part, StandardCharsets.UTF_8)));
              }
              ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            });
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", upstream.url("")));
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(proxy))) {
      Response first = connection.get("/stream", "").read();
      Response second = connection.get("/stream", "").read();

      assertThat(first.header("transfer-encoding")).isEqualTo("chunked");
      assertThat(first.bodyText()).isEqualTo("one,two,three");
      assertThat(second.bodyText()).isEqualTo("one,two,three");
    }
  }

  @Test
  void keepsFramingForHeadResponses() throws Exception {
    upstream =
        new TestUpstream(
            (ctx, request, nth) -> {
              FullHttpResponse response = TestUpstream.text(HttpResponseStatus.OK, "hello");
              ctx.writeAndFlush(response); // the upstream's codec drops the body for HEAD
            });
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", upstream.url("")));
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(proxy))) {
      connection.send("HEAD /x HTTP/1.1\r\nHost: t\r\n\r\n");
      Response head = connection.read(true);
      Response next = connection.get("/x", "").read();

      assertThat(head.status()).isEqualTo(200);
      assertThat(head.header("content-length")).isEqualTo("5");
      assertThat(next.bodyText()).isEqualTo("hello");
    }
  }

  @Test
  void answersExpectContinueItselfAndForwardsTheBody() throws Exception {
    upstream = new TestUpstream(TestUpstream.echo());
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", upstream.url("")));

    HttpResponse<String> response =
        client.send(
            HttpRequest.newBuilder(uri(proxy, "/upload"))
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("payload"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("payload");
    assertThat(TestUpstream.lowerCased(upstream.received().get(0).headers()))
        .doesNotContainKey("expect");
  }

  @Test
  void forwardsAnAbsoluteFormTargetAsAPathUnderTheBase() throws Exception {
    upstream = new TestUpstream(TestUpstream.echo());
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", upstream.url("/base")));
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(proxy))) {
      connection.send("GET http://front.example/x/y?q=1 HTTP/1.1\r\nHost: front.example\r\n\r\n");

      assertThat(connection.read().header("x-seen-uri")).isEqualTo("/base/x/y?q=1");
    }
  }

  @Test
  void answers413ForABodyOverTheLimitWithoutForwardingIt() throws Exception {
    upstream = new TestUpstream(TestUpstream.echo());
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", upstream.url("")));
    try (RawHttpConnection connection = new RawHttpConnection(ServiceFixture.address(proxy))) {
      connection.send(
          "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: "
              + (ProxyService.MAX_BODY_BYTES + 1)
              + "\r\nExpect: 100-continue\r\n\r\n");

      assertThat(connection.read().status()).isEqualTo(413);
    }
    assertThat(upstream.received()).isEmpty();
  }

  @Test
  void countsProxiedRequestsByStatus() throws Exception {
    upstream = new TestUpstream(TestUpstream.echo());
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", upstream.url("")));

    client.send(
        HttpRequest.newBuilder(uri(proxy, "/")).build(), HttpResponse.BodyHandlers.ofString());

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Counter ok =
                  fixture
                      .metrics()
                      .find("twistd.http.requests")
                      .tags("service", "api", "status", "200")
                      .counter();
              assertThat(ok).isNotNull();
              assertThat(ok.count()).isEqualTo(1.0);
            });
  }

  @Test
  void refusesAnHttpsUpstreamAtMakeTime() {
    assertThatThrownBy(
            () ->
                fixture.make(
                    "proxy",
                    "api",
                    List.of("tcp:0:interface=127.0.0.1"),
                    Map.of("upstream", "https://backend:8443")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("option 'upstream'")
        .hasMessageContaining("only http://");
  }

  static URI uri(Service proxy, String path) {
    return URI.create("http://127.0.0.1:" + ServiceFixture.address(proxy).getPort() + path);
  }
}
