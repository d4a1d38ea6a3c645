package io.twistd.runtime.net;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * Proves that a server context can complete a handshake: runs one in memory against a client that
 * trusts any certificate but checks the server's signature. A certificate paired with the wrong
 * private key fails here, where the JDK provider would otherwise accept it and fail every real
 * handshake later.
 */
final class TlsPairCheck {

  private static final int MAX_ROUNDS = 64;
  private static final int BUFFER_BYTES = 64 * 1024;

  private TlsPairCheck() {}

  /**
   * @throws SSLException when the handshake fails, e.g. the key does not match the certificate
   */
  static void handshake(SslContext server) throws SSLException {
    SslContext client =
        SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
    SSLEngine clientEngine = client.newEngine(ByteBufAllocator.DEFAULT);
    SSLEngine serverEngine = server.newEngine(ByteBufAllocator.DEFAULT);
    ByteBuffer toServer = ByteBuffer.allocate(BUFFER_BYTES);
    ByteBuffer toClient = ByteBuffer.allocate(BUFFER_BYTES);
    ByteBuffer plain = ByteBuffer.allocate(BUFFER_BYTES);
    try {
      clientEngine.beginHandshake();
      serverEngine.beginHandshake();
      for (int round = 0; round < MAX_ROUNDS; round++) {
        if (finished(clientEngine) && finished(serverEngine)) {
          return;
        }
        exchange(clientEngine, toClient, toServer, plain);
        exchange(serverEngine, toServer, toClient, plain);
      }
      throw new SSLException("the handshake did not finish");
    } finally {
      clientEngine.closeOutbound();
      serverEngine.closeOutbound();
    }
  }

  /** One step of {@code engine}: read what came in, run its tasks, write what it has to send. */
  private static void exchange(
      SSLEngine engine, ByteBuffer incoming, ByteBuffer outgoing, ByteBuffer plain)
      throws SSLException {
    incoming.flip();
    engine.unwrap(incoming, plain);
    incoming.compact();
    plain.clear();
    runTasks(engine);
    engine.wrap(ByteBuffer.allocate(0), outgoing);
    runTasks(engine);
  }

  private static void runTasks(SSLEngine engine) {
    for (Runnable task = engine.getDelegatedTask();
        task != null;
        task = engine.getDelegatedTask()) {
      task.run();
    }
  }

  private static boolean finished(SSLEngine engine) {
    HandshakeStatus status = engine.getHandshakeStatus();
    return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
  }
}
