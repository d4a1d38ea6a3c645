package io.twistd.runtime.builtin.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.twistd.runtime.net.http.HttpResponses;
import java.nio.channels.ClosedChannelException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request forwarded upstream and its response streamed back to the client.
 *
 * <p>The request goes out on an idle pooled connection, or a new one. The response is passed on
 * piece by piece as it arrives; when the client cannot keep up, reading from the upstream pauses
 * ({@link #resume()} restarts it). Failures:
 *
 * <ul>
 *   <li>cannot connect: 502, or 504 when the connect timed out;
 *   <li>no response data for the read timeout: 504;
 *   <li>the upstream fails or closes early: 502 — but an idempotent request that failed on a reused
 *       connection before any response came is sent once more on a new connection, since the
 *       upstream may have closed that idle connection just as it was reused;
 *   <li>any failure once the response has begun: the client connection is closed, the only honest
 *       signal left.
 * </ul>
 *
 * <p>The upstream connection returns to the pool only after a complete response that allowed
 * keep-alive. Runs entirely on the client connection's event loop, which is also the upstream
 * connection's.
 */
final class ProxyExchange implements UpstreamListener {

  private static final Logger log = LoggerFactory.getLogger(ProxyExchange.class);
  private static final Set<HttpMethod> IDEMPOTENT =
      Set.of(
          HttpMethod.GET,
          HttpMethod.HEAD,
          HttpMethod.OPTIONS,
          HttpMethod.PUT,
          HttpMethod.DELETE,
          HttpMethod.TRACE);

  private final ChannelHandlerContext client;
  private final ProxyRoute route;
  private final FullHttpRequest outgoing;
  private final boolean head;
  private final boolean http10Client;
  private final boolean retryable;
  private final Runnable onDone;

  private Channel upstream;
  private boolean reused;
  private boolean retried;
  private boolean responding;
  private boolean skipInformationalEnd;
  private boolean reusable;
  private boolean finished;
  private long lastActivity;
  private ScheduledFuture<?> timeout;

  /**
   * @param client the proxy handler's context on the client connection
   * @param request the aggregated client request; this exchange takes ownership
   * @param route where to forward
   * @param tls whether the client connection is TLS
   * @param onDone run once the response is complete or has failed, not after {@link #abort()}
   */
  ProxyExchange(
      ChannelHandlerContext client,
      FullHttpRequest request,
      ProxyRoute route,
      boolean tls,
      Runnable onDone) {
    this.client = client;
    this.route = route;
    this.onDone = onDone;
    this.head = HttpMethod.HEAD.equals(request.method());
    this.http10Client = HttpVersion.HTTP_1_0.equals(request.protocolVersion());
    this.retryable = IDEMPOTENT.contains(request.method());
    this.outgoing =
        ProxyHeaders.forUpstream(request, route.upstream(), client.channel().remoteAddress(), tls);
  }

  /** Sends the request upstream. */
  void start() {
    Channel idle = route.pool().pollIdle(client.channel().eventLoop());
    if (idle != null) {
      send(idle, true);
    } else {
      connect();
    }
  }

  /** The client can take more: read from the upstream again. */
  void resume() {
    if (!finished && upstream != null) {
      upstream.config().setAutoRead(true);
    }
  }

  /** The client went away: drop the upstream connection (its response is unread) and stop. */
  void abort() {
    if (finished) {
      return;
    }
    finished = true;
    cancelTimeout();
    if (upstream != null) {
      route.pool().discard(upstream);
    }
    outgoing.release();
  }

  private void connect() {
    route
        .pool()
        .connect(client.channel().eventLoop())
        .addListener(
            (ChannelFuture connected) -> {
              if (connected.isSuccess()) {
                send(connected.channel(), false);
              } else if (!finished) {
                boolean timedOut = connected.cause() instanceof ConnectTimeoutException;
                fail(
                    timedOut ? HttpResponseStatus.GATEWAY_TIMEOUT : HttpResponseStatus.BAD_GATEWAY,
                    "cannot connect to the upstream",
                    connected.cause());
              }
            });
  }

  private void send(Channel channel, boolean pooled) {
    if (finished) {
      route.pool().release(channel); // the client left while we connected; the connection is clean
      return;
    }
    upstream = channel;
    reused = pooled;
    UpstreamHandler handler = UpstreamPool.handler(channel);
    if (handler == null) {
      onUpstreamFailed(new ClosedChannelException()); // torn down before we could use it
      return;
    }
    handler.listen(this);
    lastActivity = System.nanoTime();
    armTimeout(route.readTimeout().toNanos());
    channel
        .writeAndFlush(outgoing.retainedDuplicate())
        .addListener(
            written -> {
              if (!written.isSuccess() && upstream == channel) {
                onUpstreamFailed(written.cause());
              }
            });
  }

  @Override
  public void onResponse(HttpObject msg) {
    if (finished) {
      ReferenceCountUtil.release(msg);
      return;
    }
    lastActivity = System.nanoTime();
    if (msg.decoderResult().isFailure()) {
      ReferenceCountUtil.release(msg);
      onUpstreamFailed(msg.decoderResult().cause());
      return;
    }
    if (msg instanceof HttpResponse response) {
      if (response.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
        skipInformationalEnd = !(msg instanceof LastHttpContent);
        ReferenceCountUtil.release(msg); // e.g. 103 Early Hints: not passed on
        return;
      }
      reusable = HttpUtil.isKeepAlive(response);
      ProxyHeaders.forClient(response, head, http10Client);
      responding = true;
    } else if (skipInformationalEnd) {
      skipInformationalEnd = false;
      ReferenceCountUtil.release(msg);
      return;
    }
    client.write(msg);
    if (msg instanceof LastHttpContent) {
      complete();
    } else if (!client.channel().isWritable()) {
      upstream.config().setAutoRead(false); // until the client drains: see resume()
    }
  }

  @Override
  public void onReadComplete() {
    if (!finished) {
      client.flush();
    }
  }

  @Override
  public void onUpstreamFailed(Throwable cause) {
    if (finished) {
      return;
    }
    if (!responding && reused && retryable && !retried) {
      log.debug("{}: reused upstream connection failed, retrying once", route.service(), cause);
      retried = true;
      cancelTimeout();
      route.pool().discard(upstream);
      upstream = null;
      connect();
      return;
    }
    fail(HttpResponseStatus.BAD_GATEWAY, "the upstream failed", cause);
  }

  private void complete() {
    finished = true;
    cancelTimeout();
    client.flush();
    if (reusable) {
      route.pool().release(upstream);
    } else {
      route.pool().discard(upstream);
    }
    outgoing.release();
    onDone.run();
  }

  private void fail(HttpResponseStatus status, String what, Throwable cause) {
    log.warn(
        "{}: {} {}: {} ({})",
        route.service(),
        outgoing.method(),
        outgoing.uri(),
        what,
        cause == null ? "no detail" : cause.toString());
    finished = true;
    cancelTimeout();
    if (upstream != null) {
      route.pool().discard(upstream);
    }
    outgoing.release();
    if (responding) {
      client.close(); // part of the response is out: closing is the only signal left
    } else {
      client.writeAndFlush(HttpResponses.status(status, head));
    }
    onDone.run();
  }

  private void armTimeout(long delayNanos) {
    timeout =
        client.channel().eventLoop().schedule(this::checkTimeout, delayNanos, TimeUnit.NANOSECONDS);
  }

  private void checkTimeout() {
    if (finished) {
      return;
    }
    long left = route.readTimeout().toNanos() - (System.nanoTime() - lastActivity);
    if (left > 0) {
      armTimeout(left);
      return;
    }
    fail(
        HttpResponseStatus.GATEWAY_TIMEOUT,
        "no response within " + route.readTimeout().toMillis() + " ms",
        null);
  }

  private void cancelTimeout() {
    if (timeout != null) {
      timeout.cancel(false);
      timeout = null;
    }
  }
}
