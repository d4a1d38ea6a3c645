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
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>What a request path resolved to, when it is a file to serve, is remembered for about a second
 * ({@link ResolvedFiles}, one per site), so that the same path asked again is answered without
 * resolving it. Request bodies are ignored. It reads the current site on every request; a new site
 * starts with nothing remembered. What the old site's table held open is closed when the site is
 * replaced or the service stops ({@link #close}), and by the first request that meets a new site in
 * any case.
 */
@Sharable
final class WebHandler extends SimpleChannelInboundHandler<HttpObject> {

  private static final Logger log = LoggerFactory.getLogger(WebHandler.class);

  /** A site and what its paths resolved to. */
  private record SiteFiles(WebSite site, ResolvedFiles resolved) {}

  private final Supplier<WebSite> site;
  private final FileResponder files = new FileResponder();
  private final AtomicReference<SiteFiles> siteFiles = new AtomicReference<>();

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
    WebSite current = site.get();
    ResolvedFiles resolved = resolvedFiles(current);
    String key = cacheKey(request.uri());
    ResolvedFiles.Entry known = key == null ? null : resolved.fresh(key);
    if (known != null) {
      files.respond(ctx, request, known);
      return;
    }
    resolve(ctx, request, current, resolved, key);
  }

  /** Answers a GET or HEAD whose path must be resolved, remembering it when it names a file. */
  private void resolve(
      ChannelHandlerContext ctx,
      HttpRequest request,
      WebSite current,
      ResolvedFiles resolved,
      String key) {
    boolean head = HttpMethod.HEAD.equals(request.method());
    Optional<RequestTarget> target;
    try {
      target = RequestTarget.parse(request.uri());
    } catch (IllegalArgumentException e) {
      badRequest(ctx, head);
      return;
    }
    Optional<Path> found = target.flatMap(t -> current.resolve(t.segments()));
    if (found.isEmpty()) {
      notFound(ctx, head);
      return;
    }
    Path path = found.get();
    if (Files.isDirectory(path)) {
      serveDirectory(ctx, request, target.get(), path, current, resolved, key);
      return;
    }
    if (target.get().trailingSlash() || !Files.isRegularFile(path)) {
      notFound(ctx, head);
      return;
    }
    serveFile(ctx, request, resolved, key, path);
  }

  private void serveDirectory(
      ChannelHandlerContext ctx,
      HttpRequest request,
      RequestTarget target,
      Path directory,
      WebSite current,
      ResolvedFiles resolved,
      String key) {
    boolean head = HttpMethod.HEAD.equals(request.method());
    if (!target.trailingSlash()) {
      FullHttpResponse response = HttpResponses.status(HttpResponseStatus.MOVED_PERMANENTLY, head);
      response.headers().set(HttpHeaderNames.LOCATION, target.slashLocation());
      ctx.writeAndFlush(response);
      return;
    }
    Optional<Path> index = current.indexOf(directory);
    if (index.isPresent()) {
      serveFile(ctx, request, resolved, key, index.get());
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

  /** Serves the regular file {@code path} that {@code key} resolved to, and remembers it. */
  private void serveFile(
      ChannelHandlerContext ctx,
      HttpRequest request,
      ResolvedFiles resolved,
      String key,
      Path path) {
    ResolvedFiles.Entry entry;
    try {
      entry = resolved.remember(key, path);
    } catch (IOException e) {
      log.debug("cannot read the attributes of {}", path, e);
      notFound(ctx, HttpMethod.HEAD.equals(request.method()));
      return;
    }
    files.respond(ctx, request, entry);
  }

  /**
   * What the paths of {@code current} resolved to; a new site starts afresh and closes the table of
   * the site it replaces. Of event loops meeting a new site at once, one table wins and all use it.
   */
  private ResolvedFiles resolvedFiles(WebSite current) {
    SiteFiles known = siteFiles.get();
    while (known == null || known.site() != current) {
      SiteFiles fresh = new SiteFiles(current, new ResolvedFiles(System::nanoTime));
      if (siteFiles.compareAndSet(known, fresh)) {
        if (known != null) {
          known.resolved().close();
        }
        return fresh.resolved();
      }
      known = siteFiles.get();
    }
    return known.resolved();
  }

  /**
   * Lets go of the files the current site's table holds open (the service stops); a later request
   * starts a new table.
   */
  void close() {
    SiteFiles known = siteFiles.getAndSet(null);
    if (known != null) {
      known.resolved().close();
    }
  }

  /**
   * The key under which a request target's resolution is remembered: its path as sent, without the
   * query, which plays no part in finding a file. Null for a target not in origin form ({@code
   * http://host/path}), which is rare and resolved every time.
   */
  private static String cacheKey(String uri) {
    if (!uri.startsWith("/")) {
      return null;
    }
    int query = uri.indexOf('?');
    return query < 0 ? uri : uri.substring(0, query);
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
