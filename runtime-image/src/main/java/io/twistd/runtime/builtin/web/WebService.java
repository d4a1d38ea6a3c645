package io.twistd.runtime.builtin.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.twistd.runtime.net.http.HttpListeningService;
import io.twistd.runtime.plugin.Reconfigurable;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceOptions;
import io.twistd.runtime.plugin.ServiceSettings;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code web} service: serves a directory's files over HTTP/1.1 (see {@link WebHandler}), after
 * Twisted's {@code twistd web --path}. Drains gracefully ({@link HttpListeningService}).
 *
 * <p>The site (root, index, listing) is one immutable {@link WebSite} in a volatile field, read
 * once per request, so that a reconfiguration can replace it without a restart: every option
 * ({@code path}, {@code index}, {@code listing}) can change in place ({@link Reconfigurable});
 * requests already being answered finish with the old site. The files kept open for the old site
 * close at the commit, and those of the site served when the service stops close with it.
 */
public final class WebService extends HttpListeningService implements Reconfigurable {

  private volatile WebSite site;
  private final WebHandler handler;

  /**
   * @param settings the service's settings
   * @param context the runtime's shared context
   * @param site what to serve
   */
  public WebService(ServiceSettings settings, ServiceContext context, WebSite site) {
    super(settings, context);
    this.site = site;
    this.handler = new WebHandler(this::site);
  }

  /** The site served now. */
  public WebSite site() {
    return site;
  }

  /**
   * @throws IllegalArgumentException when {@code path} is not a directory or {@code index} is not a
   *     plain file name
   */
  @Override
  public Optional<Change> prepareReconfigure(ServiceOptions options) {
    WebSite next = WebServiceMaker.site(options, context().baseDirectory());
    return Optional.of(
        () -> {
          site = next;
          handler.close(); // the old site's open files; requests in flight keep what they send
        });
  }

  /** Stops as every HTTP service does, then closes the files kept open for the site. */
  @Override
  protected CompletableFuture<Void> doStop() {
    return super.doStop().whenComplete((ignored, failure) -> handler.close());
  }

  @Override
  protected void initHttp(Channel channel, ChannelPipeline pipeline) {
    if (isTls(pipeline)) {
      pipeline.addLast("chunked", new ChunkedWriteHandler()); // file bodies must pass through TLS
    }
    pipeline.addLast("web", handler);
  }
}
