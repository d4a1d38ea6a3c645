package io.twistd.runtime.builtin.web;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.FileRegion;
import io.netty.channel.epoll.EpollSocketChannelConfig;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.stream.ChunkedNioFile;
import io.twistd.runtime.net.http.HttpListeningService;
import io.twistd.runtime.net.http.HttpResponses;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a GET or HEAD for a regular file: 304 when the client's copy is current, 416 for a range
 * outside the file, 206 for one satisfiable range, else 200 with the whole file.
 *
 * <p>A small file whose content {@link ResolvedFiles} keeps in memory goes out from there, in the
 * same write as the headers. Other bodies go out without copying ({@link DefaultFileRegion}, {@code
 * sendfile}) on plain connections, and in chunks read from the file ({@link ChunkedNioFile},
 * through the pipeline's {@code ChunkedWriteHandler}) when TLS must encrypt them. Stateless; file
 * reads happen on the connection's event loop.
 */
final class FileResponder {

  private static final Logger log = LoggerFactory.getLogger(FileResponder.class);
  private static final int CHUNK_SIZE = 16 * 1024;
  private static final HttpVersion HTTP_1_1 = HttpVersion.HTTP_1_1;

  /**
   * Headers without validation, for the responses built here: their names are constants and their
   * values come from {@link StaticFile}, so checking every character again per response is waste.
   */
  private static final HttpHeadersFactory HEADERS =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);

  private static final HttpHeadersFactory TRAILERS =
      DefaultHttpHeadersFactory.trailersFactory().withValidation(false);

  /**
   * Sends {@code entry}'s file, a regular file inside the site, as the answer to {@code request}:
   * from memory when its content is there, else from the file.
   */
  void respond(ChannelHandlerContext ctx, HttpRequest request, ResolvedFiles.Entry entry) {
    boolean head = HttpMethod.HEAD.equals(request.method());
    StaticFile file = entry.file();
    if (Preconditions.notModified(request.headers(), file)) {
      ctx.writeAndFlush(notModified(file));
      return;
    }
    ByteRange range = range(request, file, head);
    if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
      ctx.writeAndFlush(unsatisfiable(file, head));
      return;
    }
    if (head || range.length() <= 0) {
      ctx.writeAndFlush(headers(full(Unpooled.EMPTY_BUFFER), file, range));
      return;
    }
    if (entry.content() != null) {
      ByteBuf body = entry.content().slice((int) range.first(), (int) range.length());
      ctx.writeAndFlush(headers(full(body), file, range));
      return;
    }
    sendFile(ctx, entry, range);
  }

  /**
   * Sends {@code range} of the file from the file: the shared open file when there is one and the
   * connection is plain, else the file opened for this response.
   */
  private static void sendFile(
      ChannelHandlerContext ctx, ResolvedFiles.Entry entry, ByteRange range) {
    StaticFile file = entry.file();
    FileRegion shared =
        isTls(ctx) || entry.open() == null
            ? null
            : entry.open().region(range.first(), range.length());
    FileChannel channel = null;
    if (shared == null) {
      try {
        channel = FileChannel.open(file.path(), StandardOpenOption.READ);
      } catch (IOException e) {
        log.debug("cannot open {}", file.path(), e);
        ctx.writeAndFlush(HttpResponses.status(HttpResponseStatus.NOT_FOUND, false));
        return;
      }
    }
    EpollSocketChannelConfig cork = cork(ctx);
    ctx.write(
        headers(new DefaultHttpResponse(HTTP_1_1, HttpResponseStatus.OK, HEADERS), file, range));
    if (shared != null) {
      ctx.write(shared);
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
    } else {
      writeBody(ctx, channel, range);
    }
    if (cork != null) {
      cork.setTcpCork(false);
    }
  }

  /**
   * Corks a plain connection of the native transport ({@code TCP_CORK}, as nginx's {@code
   * tcp_nopush}) so that the headers leave in the first segment of the body that follows them,
   * instead of in a segment of their own; the caller uncorks once both are written, which sends
   * what is left. Null when the connection cannot be corked (NIO, TLS).
   */
  private static EpollSocketChannelConfig cork(ChannelHandlerContext ctx) {
    if (!(ctx.channel().config() instanceof EpollSocketChannelConfig config) || isTls(ctx)) {
      return null;
    }
    config.setTcpCork(true);
    return config;
  }

  /** A 200 response with {@code body}, whose headers are not validated: this class sets them. */
  private static FullHttpResponse full(ByteBuf body) {
    return new DefaultFullHttpResponse(HTTP_1_1, HttpResponseStatus.OK, body, HEADERS, TRAILERS);
  }

  /** Range requests are defined for GET only (RFC 9110 §14.2); HEAD answers as a plain GET. */
  private static ByteRange range(HttpRequest request, StaticFile file, boolean head) {
    HttpHeaders headers = request.headers();
    if (head || !Preconditions.rangeApplies(headers, file)) {
      return ByteRange.parse(null, file.size());
    }
    return ByteRange.parse(headers.get(HttpHeaderNames.RANGE), file.size());
  }

  private static <R extends HttpResponse> R headers(R response, StaticFile file, ByteRange range) {
    HttpHeaders headers = response.headers();
    HttpResponses.stamp(headers);
    validators(headers, file);
    headers.set(HttpHeaderNames.CONTENT_TYPE, file.contentType());
    headers.set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
    if (range.kind() == ByteRange.Kind.PARTIAL) {
      response.setStatus(HttpResponseStatus.PARTIAL_CONTENT);
      headers.set(HttpHeaderNames.CONTENT_RANGE, range.contentRange(file.size()));
      headers.set(HttpHeaderNames.CONTENT_LENGTH, range.length());
    } else {
      headers.set(HttpHeaderNames.CONTENT_LENGTH, file.contentLength());
    }
    return response;
  }

  private static void validators(HttpHeaders headers, StaticFile file) {
    headers.set(HttpHeaderNames.ETAG, file.etagValue());
    headers.set(HttpHeaderNames.LAST_MODIFIED, file.lastModified());
  }

  private static HttpResponse notModified(StaticFile file) {
    HttpResponse response =
        new DefaultFullHttpResponse(
            HTTP_1_1, HttpResponseStatus.NOT_MODIFIED, Unpooled.EMPTY_BUFFER, HEADERS, TRAILERS);
    HttpResponses.stamp(response.headers());
    validators(response.headers(), file);
    return response;
  }

  private static HttpResponse unsatisfiable(StaticFile file, boolean head) {
    HttpResponse response =
        HttpResponses.status(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, head);
    response.headers().set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + file.size());
    response.headers().set(HttpHeaderNames.ACCEPT_RANGES, HttpHeaderValues.BYTES);
    return response;
  }

  private static void writeBody(ChannelHandlerContext ctx, FileChannel channel, ByteRange range) {
    if (!isTls(ctx)) {
      ctx.write(new DefaultFileRegion(channel, range.first(), range.length()));
      ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
      return;
    }
    try {
      ctx.writeAndFlush(
          new HttpChunkedInput(
              new ChunkedNioFile(channel, range.first(), range.length(), CHUNK_SIZE)));
    } catch (IOException e) {
      closeQuietly(channel);
      log.debug("cannot read {} bytes at {}", range.length(), range.first(), e);
      ctx.close(); // the headers are out; the body cannot follow
    }
  }

  private static boolean isTls(ChannelHandlerContext ctx) {
    return HttpListeningService.isTls(ctx.pipeline());
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("cannot close a served file", e);
    }
  }
}
