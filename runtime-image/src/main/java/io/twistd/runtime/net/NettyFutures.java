package io.twistd.runtime.net;

import io.netty.util.concurrent.Future;
import java.util.concurrent.CompletableFuture;

/** Bridges Netty futures to {@link CompletableFuture}. */
public final class NettyFutures {

  private NettyFutures() {}

  /** A future that completes with {@code future}'s value or cause. */
  public static <T> CompletableFuture<T> toCompletable(Future<T> future) {
    CompletableFuture<T> out = new CompletableFuture<>();
    future.addListener(
        f -> {
          if (f.isSuccess()) {
            out.complete(future.getNow());
          } else {
            out.completeExceptionally(f.cause());
          }
        });
    return out;
  }
}
