package io.twistd.examples.greeter;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers each line {@code name} with {@code greeting, name!} and CR LF, the greeting read afresh
 * for every line. A blank line is answered with {@code greeting!}; a line that is too long gets an
 * error line and the connection is closed.
 *
 * <p>Stateless and {@link Sharable}.
 */
@Sharable
public final class GreeterHandler extends SimpleChannelInboundHandler<String> {

  private static final Logger log = LoggerFactory.getLogger(GreeterHandler.class);

  private final Supplier<String> greeting;

  /**
   * @param greeting gives the greeting for each line; called on the connection's event loop
   */
  public GreeterHandler(Supplier<String> greeting) {
    this.greeting = greeting;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, String line) {
    String name = line.strip();
    if (name.isEmpty()) {
      ctx.write(greeting.get() + "!\r\n");
      return;
    }
    ctx.write(greeting.get() + ", " + name + "!\r\n");
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ctx.flush();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      ctx.writeAndFlush("error: line longer than " + GreeterService.MAX_LINE_LENGTH + " bytes\r\n")
          .addListener(ChannelFutureListener.CLOSE);
      return;
    }
    log.debug("greeter connection {} failed; closing it", ctx.channel().remoteAddress(), cause);
    ctx.close();
  }
}
