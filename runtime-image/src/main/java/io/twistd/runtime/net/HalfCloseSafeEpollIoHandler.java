package io.twistd.runtime.net;

import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoOps;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.util.concurrent.ThreadAwareExecutor;

/**
 * Netty's epoll I/O handler, with writes to a half-closed connection kept working.
 *
 * <p>In Netty 4.2.18, when a channel's interest set becomes empty the epoll handler removes the
 * descriptor from epoll ({@code EPOLL_CTL_DEL}) but still believes it registered, so the next
 * interest is sent as {@code EPOLL_CTL_MOD} and fails with {@code ENOENT}. A connection gets an
 * empty interest set when its peer has shut down its output (no more reading) and its own writes
 * are all flushed. The next write that fills the socket buffer then fails and the connection is
 * closed with the rest of its data unsent: a port-forwarded or echoed reply that outlives the
 * client's FIN is cut short.
 *
 * <p>This handler hands Netty's registrations out wrapped: an empty interest set is submitted as
 * edge-triggered with no events instead, which keeps the descriptor in epoll without waking the
 * loop (epoll still reports errors and hang-ups, once each, which the channel handles as it would
 * have on its next write), so later interests modify a registration that exists. Everything else is
 * Netty's handler unchanged.
 */
final class HalfCloseSafeEpollIoHandler implements IoHandler {

  private final IoHandler epoll;

  private HalfCloseSafeEpollIoHandler(IoHandler epoll) {
    this.epoll = epoll;
  }

  /** A factory of these handlers, each around a handler of {@link EpollIoHandler#newFactory()}. */
  static IoHandlerFactory newFactory() {
    IoHandlerFactory epollFactory = EpollIoHandler.newFactory();
    return new IoHandlerFactory() {
      @Override
      public IoHandler newHandler(ThreadAwareExecutor executor) {
        return new HalfCloseSafeEpollIoHandler(epollFactory.newHandler(executor));
      }

      @Override
      public boolean isChangingThreadSupported() {
        return epollFactory.isChangingThreadSupported();
      }
    };
  }

  @Override
  public IoRegistration register(IoHandle handle) throws Exception {
    return new KeptRegistration(epoll.register(handle));
  }

  @Override
  public void initialize() {
    epoll.initialize();
  }

  @Override
  public int run(IoHandlerContext context) {
    return epoll.run(context);
  }

  @Override
  public void prepareToDestroy() {
    epoll.prepareToDestroy();
  }

  @Override
  public void destroy() {
    epoll.destroy();
  }

  @Override
  public void wakeup() {
    epoll.wakeup();
  }

  @Override
  public boolean isCompatible(Class<? extends IoHandle> handleType) {
    return epoll.isCompatible(handleType);
  }

  /** Netty's registration, never handed an empty interest set. */
  private static final class KeptRegistration implements IoRegistration {
    private final IoRegistration registration;

    KeptRegistration(IoRegistration registration) {
      this.registration = registration;
    }

    @Override
    public long submit(IoOps ops) {
      return registration.submit(EpollIoOps.NONE.equals(ops) ? EpollIoOps.EPOLLET : ops);
    }

    @Override
    public <T> T attachment() {
      return registration.attachment();
    }

    @Override
    public boolean isValid() {
      return registration.isValid();
    }

    @Override
    public boolean cancel() {
      return registration.cancel();
    }
  }
}
