package io.twistd.runtime.builtin.portforward;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A blocking loopback server that the port forward's tests forward to; one handler per accept. */
final class TargetServer implements AutoCloseable {

  /** What the target does with one accepted connection. */
  @FunctionalInterface
  interface Conversation {
    void run(Socket socket) throws IOException;
  }

  private final ServerSocket server;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  TargetServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  int port() {
    return server.getLocalPort();
  }

  /** Accepts one connection and runs {@code conversation} on it; completes when it has ended. */
  CompletableFuture<Void> serveOne(Conversation conversation) {
    return CompletableFuture.runAsync(
        () -> {
          try (Socket socket = server.accept()) {
            socket.setSoTimeout(10_000);
            conversation.run(socket);
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        },
        threads);
  }

  @Override
  public void close() throws IOException {
    server.close();
    threads.shutdownNow();
  }
}
