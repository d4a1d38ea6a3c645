package io.twistd.runtime.builtin.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.ServiceFixture;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream connections: reused when clean, dropped when not, retried once when stale. */
class ProxyPoolTest {

  private static final int REQUESTS = 5;

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
    upstream.close();
  }

  @Test
  void reusesUpstreamConnectionsAcrossSequentialRequests() throws Exception {
    upstream = new TestUpstream(TestUpstream.echo());
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", upstream.url("")));

    for (int i = 0; i < REQUESTS; i++) {
      assertThat(get(proxy, "/r" + i).statusCode()).isEqualTo(200);
    }

    assertThat(upstream.received()).hasSize(REQUESTS);
    assertThat(upstream.acceptedConnections()).isLessThan(REQUESTS);
  }

  @Test
  void doesNotReuseAConnectionTheUpstreamEndedWithConnectionClose() throws Exception {
    upstream =
        new TestUpstream(
            (ctx, request, nth) -> {
              FullHttpResponse response = TestUpstream.text(HttpResponseStatus.OK, "bye");
              response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
              ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            });
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", upstream.url("")));

    for (int i = 0; i < 3; i++) {
      HttpResponse<String> response = get(proxy, "/r" + i);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo("bye");
      assertThat(response.headers().firstValue("connection")).isEmpty();
    }

    assertThat(upstream.acceptedConnections()).isEqualTo(3);
  }

  @Test
  void keepsNoIdleConnectionsWhenTheLimitIsZero() throws Exception {
    upstream = new TestUpstream(TestUpstream.echo());
    Service proxy =
        fixture.start(
            "proxy", "api", Map.of("upstream", upstream.url(""), "maxIdleConnections", 0));

    for (int i = 0; i < 3; i++) {
      assertThat(get(proxy, "/r" + i).statusCode()).isEqualTo(200);
    }

    assertThat(upstream.acceptedConnections()).isEqualTo(3);
  }

  @Test
  void retriesAnIdempotentRequestOnceWhenAReusedConnectionTurnsOutDead() throws Exception {
    upstream = new TestUpstream(answerFirstRequestThenHangUp());
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", upstream.url("")));

    assertThat(get(proxy, "/one").statusCode()).isEqualTo(200);
    assertThat(get(proxy, "/two").statusCode()).isEqualTo(200);

    assertThat(upstream.acceptedConnections()).isEqualTo(2);
  }

  @Test
  void doesNotRetryAPost() throws Exception {
    upstream = new TestUpstream(answerFirstRequestThenHangUp());
    Service proxy = fixture.start("proxy", "api", Map.of("upstream", upstream.url("")));

    assertThat(post(proxy).statusCode()).isEqualTo(200);
    assertThat(post(proxy).statusCode()).isEqualTo(502);

    assertThat(upstream.received()).hasSize(2);
  }

  /** Like a server whose keep-alive timeout ends each connection after its first exchange. */
  private static TestUpstream.Behaviour answerFirstRequestThenHangUp() {
    return (ctx, request, nth) -> {
      if (nth == 1) {
        ctx.writeAndFlush(TestUpstream.text(HttpResponseStatus.OK, "first"));
      } else {
        ctx.close();
      }
    };
  }

  private HttpResponse<String> get(Service proxy, String path) throws Exception {
    return client.send(
        HttpRequest.newBuilder(ProxyServiceTest.uri(proxy, path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(Service proxy) throws Exception {
    return client.send(
        HttpRequest.newBuilder(ProxyServiceTest.uri(proxy, "/orders"))
            .POST(HttpRequest.BodyPublishers.ofString("order"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
