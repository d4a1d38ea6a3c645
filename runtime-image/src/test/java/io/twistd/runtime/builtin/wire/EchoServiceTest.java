package io.twistd.runtime.builtin.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.ServiceFixture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EchoServiceTest {

  @TempDir Path tempDir;
  private ServiceFixture fixture;
  private Service echo;

  @BeforeEach
  void startEcho() {
    fixture = new ServiceFixture(tempDir);
    echo = fixture.start("echo", "echo", Map.of());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void echoesEachMessageBack() throws IOException {
    try (Socket socket = WireClient.connect(echo)) {
      for (String message :
          new String[] {"hello\r\n", "twisted on the JVM", "\u00e9t\u00e9 \u2603"}) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(bytes);
        assertThat(socket.getInputStream().readNBytes(bytes.length)).isEqualTo(bytes);
      }
    }
  }

  @Test
  void echoesOneMebibyteAndClosesAfterTheClientsEnd() throws Exception {
    byte[] payload = new byte[1 << 20];
    new Random(862).nextBytes(payload);
    try (Socket socket = WireClient.connect(echo)) {
      CompletableFuture<Void> writing =
          CompletableFuture.runAsync(
              () -> {
                try {
                  socket.getOutputStream().write(payload);
                  socket.shutdownOutput();
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });
      byte[] echoed = socket.getInputStream().readAllBytes(); // until the server's FIN
      writing.join();
      assertThat(echoed).hasSize(payload.length).isEqualTo(payload);
    }
  }

  @Test
  void stopsReadingWhileTheClientDoesNotRead() throws Exception {
    int total = 64 << 20;
    AtomicLong written = new AtomicLong();
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(64 << 10); // keep the kernel from absorbing the echo
      socket.connect(ServiceFixture.address(echo), 5_000);
      OutputStream out = socket.getOutputStream();
      CompletableFuture<Void> writing =
          CompletableFuture.runAsync(() -> writeQuietly(out, total, written));
      // Without backpressure the server would read all 64 MiB into memory and the writer would
      // finish.
      await()
          .during(Duration.ofSeconds(1))
          .atMost(Duration.ofSeconds(10))
          .until(() -> !writing.isDone() && written.get() < total);
      assertThat(receivedBytes()).isLessThan(total / 2.0);
      InputStream in = socket.getInputStream();
      assertThat(in.readNBytes(1024)).hasSize(1024); // the echo resumes once the client reads
    }
  }

  private double receivedBytes() {
    return fixture.metrics().get("twistd.bytes.received").tag("service", "echo").counter().count();
  }

  private static void writeQuietly(OutputStream out, int total, AtomicLong written) {
    byte[] chunk = new byte[64 << 10];
    try {
      while (written.get() < total) {
        out.write(chunk);
        written.addAndGet(chunk.length);
      }
    } catch (IOException e) {
      // the test closed the socket while this writer was blocked
    }
  }
}
