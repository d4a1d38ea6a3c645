package io.twistd.runtime.net;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

/**
 * Counts one service's connections and bytes on the wire, and keeps its open connections in a
 * {@link ChannelGroup} so the service can drain them. Sits first in every connection's pipeline.
 */
@Sharable
public final class ConnectionMetrics extends ChannelDuplexHandler {

  private static final String ACTIVE = "twistd.connections.active";

  private final ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final MeterRegistry registry;
  private final String service;
  private final Counter opened;
  private final Counter received;
  private final Counter sent;

  /**
   * Registers this service's counters; the gauge comes at start ({@link #registerActiveGauge}).
   *
   * @param registry where meters go
   * @param service the service's path, the {@code service} tag
   */
  public ConnectionMetrics(MeterRegistry registry, String service) {
    this.opened =
        Counter.builder("twistd.connections.opened")
            .description("Connections accepted")
            .tag("service", service)
            .register(registry);
    this.received =
        Counter.builder("twistd.bytes.received")
            .description("Bytes received from clients")
            .baseUnit("bytes")
            .tag("service", service)
            .register(registry);
    this.sent =
        Counter.builder("twistd.bytes.sent")
            .description("Bytes sent to clients")
            .baseUnit("bytes")
            .tag("service", service)
            .register(registry);
    this.registry = registry;
    this.service = service;
  }

  /**
   * Registers the gauge {@code twistd.connections.active} of this service's open connections,
   * replacing the gauge of an earlier service of the same path (a service replaced by a reload):
   * the gauge follows the service that serves now. Called when the service starts.
   */
  public void registerActiveGauge() {
    Gauge stale = registry.find(ACTIVE).tag("service", service).gauge();
    if (stale != null) {
      registry.remove(stale);
    }
    Gauge.builder(ACTIVE, open, ChannelGroup::size)
        .description("Connections open now")
        .tag("service", service)
        .register(registry);
  }

  /** The connections open now; live view. */
  public ChannelGroup openConnections() {
    return open;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    opened.increment();
    open.add(ctx.channel());
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    received.increment(size(msg));
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    long bytes = size(msg);
    super.write(ctx, msg, promise);
    sent.increment(bytes);
  }

  private static long size(Object msg) {
    if (msg instanceof ByteBuf buf) {
      return buf.readableBytes();
    }
    if (msg instanceof ByteBufHolder holder) {
      return holder.content().readableBytes();
    }
    if (msg instanceof FileRegion region) {
      return region.count() - region.transferred();
    }
    return 0;
  }
}
