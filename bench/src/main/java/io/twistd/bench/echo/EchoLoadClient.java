package io.twistd.bench.echo;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.twistd.bench.proc.ProcStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The echo load client: ping-pong connections (each sends a message and waits for its echo before
 * sending the next), a warm-up, then a measured interval in which it counts round trips, records
 * their latency in an HdrHistogram, and reads the server's CPU time from {@code /proc} at both
 * ends. Prints one line, {@code RESULT key=value ...}, for the harness.
 */
@Command(name = "echo-load", mixinStandardHelpOptions = true)
public final class EchoLoadClient implements java.util.concurrent.Callable<Integer> {

  @Option(names = "--port", required = true, description = "The echo server's port on 127.0.0.1.")
  int port;

  @Option(names = "--server-pid", required = true, description = "Whose CPU time to read.")
  long serverPid;

  @Option(names = "--connections", defaultValue = "16")
  int connections;

  @Option(names = "--size", defaultValue = "64", description = "Bytes per message.")
  int size;

  @Option(names = "--warmup", defaultValue = "PT2S", description = "ISO-8601, e.g. PT2S.")
  Duration warmup;

  @Option(names = "--duration", defaultValue = "PT5S", description = "ISO-8601, e.g. PT5S.")
  Duration duration;

  public static void main(String[] args) {
    System.exit(new CommandLine(new EchoLoadClient()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, io);
    ByteBuf message = Unpooled.unreleasableBuffer(Unpooled.directBuffer(size).writeZero(size));
    Recorder roundTrips = new Recorder(3);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger failures = new AtomicInteger();
    List<Channel> channels = new ArrayList<>();
    try {
      Bootstrap bootstrap =
          new Bootstrap()
              .group(group)
              .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
              .option(ChannelOption.TCP_NODELAY, true)
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline().addLast(new PingPongHandler(message, roundTrips, running));
                      ch.closeFuture().addListener(f -> countFailure(running, failures));
                    }
                  });
      for (int i = 0; i < connections; i++) {
        channels.add(bootstrap.connect("127.0.0.1", port).sync().channel());
      }
      Thread.sleep(warmup.toMillis());
      roundTrips.getIntervalHistogram(); // forget the warm-up
      long cpuBefore = ProcStats.cpuNanos(serverPid);
      long started = System.nanoTime();
      Thread.sleep(duration.toMillis());
      Histogram measured = roundTrips.getIntervalHistogram();
      long elapsed = System.nanoTime() - started;
      long cpu = ProcStats.cpuNanos(serverPid) - cpuBefore;
      running.set(false);
      for (Channel channel : channels) {
        channel.closeFuture().await(5_000);
      }
      report(measured, elapsed, cpu, failures.get());
      return failures.get() == 0 ? 0 : 1;
    } finally {
      group.shutdownGracefully().syncUninterruptibly();
    }
  }

  private static void countFailure(AtomicBoolean running, AtomicInteger failures) {
    if (running.get()) {
      failures.incrementAndGet(); // closed while it should have been pinging
    }
  }

  private static void report(Histogram measured, long elapsedNanos, long cpuNanos, int failures) {
    long messages = measured.getTotalCount();
    String line =
        String.format(
            Locale.ROOT,
            "RESULT messages=%d messages_per_second=%.0f p50_us=%.1f p99_us=%.1f"
                + " server_cpu_ns_per_message=%.0f failures=%d",
            messages,
            messages * 1e9 / elapsedNanos,
            measured.getValueAtPercentile(50) / 1000.0,
            measured.getValueAtPercentile(99) / 1000.0,
            messages == 0 ? 0.0 : (double) cpuNanos / messages,
            failures);
    System.out.println(line);
  }
}
