package io.twistd.runtime.net.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.BooleanSupplier;

/**
 * Follows the exchanges of one HTTP/1.1 connection: decides keep-alive for every response, closes
 * the connection after a response that ends it, counts requests by status, and lets the service
 * drain the connection without cutting a response short.
 *
 * <p>Sits right after the server codec, so it sees every request the codec decodes and every
 * response object on its way out. A response keeps the connection open only when its request asked
 * for keep-alive, the response itself does not say {@code Connection: close}, the client can tell
 * where it ends (a length, chunked, or no body), and the service is not draining; otherwise it goes
 * out with {@code Connection: close} and the connection closes once it has been written.
 *
 * <p>One instance per connection; every method runs on the connection's event loop.
 */
final class HttpExchangeTracker extends ChannelDuplexHandler {

  /** What a response needs to know about the request it answers. */
  private record PendingRequest(boolean keepAlive, boolean http10, boolean head) {

    /** Every possible value, so that following a request allocates nothing. */
    private static final PendingRequest[] ALL = new PendingRequest[8];

    static {
      for (int i = 0; i < ALL.length; i++) {
        ALL[i] = new PendingRequest((i & 4) != 0, (i & 2) != 0, (i & 1) != 0);
      }
    }

    static PendingRequest of(boolean keepAlive, boolean http10, boolean head) {
      return ALL[(keepAlive ? 4 : 0) | (http10 ? 2 : 0) | (head ? 1 : 0)];
    }
  }

  private final HttpRequestMetrics metrics;
  private final BooleanSupplier draining;
  private final Deque<PendingRequest> awaiting = new ArrayDeque<>();
  private final GenericFutureListener<Future<? super Void>> onWritten = this::responseWritten;
  private ChannelHandlerContext ctx;
  private int writing;
  private boolean closing;
  private boolean informational;

  /**
   * @param metrics where answered requests are counted
   * @param draining whether the service is draining; read on every response
   */
  HttpExchangeTracker(HttpRequestMetrics metrics, BooleanSupplier draining) {
    this.metrics = metrics;
    this.draining = draining;
  }

  /**
   * Closes the connection now when no request is waiting for or receiving its response; otherwise
   * leaves it to close after the response being written, which will say {@code Connection: close}.
   * Must run on the connection's event loop.
   */
  void closeIfIdle() {
    if (awaiting.isEmpty() && writing == 0) {
      ctx.close();
    }
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (draining.getAsBoolean()) {
      ctx.close(); // accepted while the listeners were closing
      return;
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof HttpRequest request) {
      awaiting.add(
          PendingRequest.of(
              HttpUtil.isKeepAlive(request),
              HttpVersion.HTTP_1_0.equals(request.protocolVersion()),
              HttpMethod.HEAD.equals(request.method())));
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    if (msg instanceof HttpResponse response && isInformational(response)) {
      informational = !(msg instanceof FullHttpResponse); // a body-less 1xx may end separately
      super.write(ctx, msg, promise);
      return;
    }
    if (msg instanceof HttpResponse response) {
      startResponse(response);
    }
    if (msg instanceof LastHttpContent) {
      if (informational) {
        informational = false;
      } else {
        ChannelPromise unvoid = promise.unvoid();
        unvoid.addListener(onWritten);
        promise = unvoid;
      }
    }
    super.write(ctx, msg, promise);
  }

  private void startResponse(HttpResponse response) {
    PendingRequest request = awaiting.poll();
    writing++;
    metrics.record(response.status().code());
    boolean keepAlive =
        request != null
            && request.keepAlive()
            && !closing
            && !draining.getAsBoolean()
            && HttpUtil.isKeepAlive(response)
            && hasSelfDefinedLength(response, request.head());
    if (!keepAlive) {
      closing = true;
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (request.http10()) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
  }

  private void responseWritten(Future<? super Void> future) {
    writing--;
    boolean broken = !future.isSuccess();
    boolean done = (closing || draining.getAsBoolean()) && writing == 0;
    if (broken || done) {
      ctx.close();
    }
  }

  /** Whether the client can find the end of the response without the connection closing. */
  private static boolean hasSelfDefinedLength(HttpResponse response, boolean head) {
    int code = response.status().code();
    return head
        || code == HttpResponseStatus.NO_CONTENT.code()
        || code == HttpResponseStatus.NOT_MODIFIED.code()
        || HttpUtil.isContentLengthSet(response)
        || HttpUtil.isTransferEncodingChunked(response);
  }

  private static boolean isInformational(HttpResponse response) {
    return response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
  }
}
