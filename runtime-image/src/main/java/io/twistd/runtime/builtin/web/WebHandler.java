package io.twistd.runtime.builtin.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.twistd.runtime.net.http.HttpResponses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link WebSite}'s files for GET and HEAD. Answers, in order of the checks:
 *
 * <ul>
 *   <li>400 for a request the codec could not decode or whose target is malformed (closes the
 *       connection);
 *   <li>405 with {@code Allow: GET, HEAD} for other methods;
 *   <li>404 for a path that is refused ({@link RequestTarget}), absent, or outside the root once
 *       symbolic links are resolved — the same answer in every case, so nothing is revealed;
 *   <li>301 to the slash form for a directory asked for without its trailing slash;
 *   <li>for a directory: its index file, else a listing when enabled, else 404 (not 403, so that a
 *       directory without an index looks the same as no directory);
 *   <li>for a regular file: what {@link FileResponder} answers; 404 when a trailing slash follows a
 *       file name.
 * </ul>
 *
 * <p>Request bodies are ignored. Stateless: it reads the current site on every request.
 */
@Sharable
final class WebHandler extends SimpleChannelInboundHandler<HttpObject> {

  private static final Logger log = LoggerFactory.getLogger(WebHandler.class);

  private final Supplier<WebSite> site;
  private final FileResponder files = new FileResponder();

  /**
   * @param site the site to serve, read on every request
   */
  WebHandler(Supplier<WebSite> site) {
    this.site = site;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
    if (msg instanceof HttpRequest request) {
      serve(ctx, request);
    }
  }

  private void serve(ChannelHandlerContext ctx, HttpRequest request) {
    boolean head = HttpMethod.HEAD.equals(request.method());
    if (request.decoderResult().isFailure()) {
      badRequest(ctx, head);
      return;
    }
    if (!head && !HttpMethod.GET.equals(request.method())) {
      FullHttpResponse response =
          HttpResponses.status(HttpResponseStatus.METHOD_NOT_ALLOWED, false);
      response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      ctx.writeAndFlush(response);
      return;
    }
    Optional<RequestTarget> target;
    try {
      target = RequestTarget.parse(request.uri());
    } catch (IllegalArgumentException e) {
      badRequest(ctx, head);
      return;
    }
    WebSite current = site.get();
    Optional<Path> found = target.flatMap(t -> current.resolve(t.segments()));
    if (found.isEmpty()) {
      notFound(ctx, head);
      return;
    }
    Path path = found.get();
    if (Files.isDirectory(path)) {
      serveDirectory(ctx, request, target.get(), path, current);
      return;
    }
    if (target.get().trailingSlash() || !Files.isRegularFile(path)) {
      notFound(ctx, head);
      return;
    }
    files.respond(ctx, request, path);
  }

  private void serveDirectory(
      ChannelHandlerContext ctx,
      HttpRequest request,
      RequestTarget target,
      Path directory,
      WebSite current) {
    boolean head = HttpMethod.HEAD.equals(request.method());
    if (!target.trailingSlash()) {
      FullHttpResponse response = HttpResponses.status(HttpResponseStatus.MOVED_PERMANENTLY, head);
      response.headers().set(HttpHeaderNames.LOCATION, target.slashLocation());
      ctx.writeAndFlush(response);
      return;
    }
    Optional<Path> index = current.indexOf(directory);
    if (index.isPresent()) {
      files.respond(ctx, request, index.get());
      return;
    }
    if (!current.listing()) {
      notFound(ctx, head);
      return;
    }
    try {
      String html = DirectoryListing.html(target.displayPath(), directory);
      ctx.writeAndFlush(
          HttpResponses.withBody(
              HttpResponseStatus.OK,
              Unpooled.copiedBuffer(html, StandardCharsets.UTF_8),
              "text/html; charset=utf-8",
              head));
    } catch (IOException e) {
      log.debug("cannot list {}", directory, e);
      notFound(ctx, head);
    }
  }

  private static void notFound(ChannelHandlerContext ctx, boolean head) {
    ctx.writeAndFlush(HttpResponses.status(HttpResponseStatus.NOT_FOUND, head));
  }

  private static void badRequest(ChannelHandlerContext ctx, boolean head) {
    FullHttpResponse response = HttpResponses.status(HttpResponseStatus.BAD_REQUEST, head);
    response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    ctx.writeAndFlush(response);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    log.debug("closing {} after an error", ctx.channel(), cause);
    ctx.close();
  }
}
