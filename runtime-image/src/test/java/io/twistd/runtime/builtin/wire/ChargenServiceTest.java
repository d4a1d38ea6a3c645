package io.twistd.runtime.builtin.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.ServiceFixture;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChargenServiceTest {

  @TempDir Path tempDir;
  private ServiceFixture fixture;
  private Service chargen;

  @BeforeEach
  void startChargen() {
    fixture = new ServiceFixture(tempDir);
    chargen = fixture.start("chargen", "chargen", Map.of());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void sendsRotatingLinesThatWrapPastTheLastPrintableCharacter() throws Exception {
    try (Socket socket = WireClient.connect(chargen)) {
      InputStream in = socket.getInputStream();
      // 200 lines: the wrap past '~' inside a line (from line 24) and the restart after 95 lines.
      for (int line = 0; line < 200; line++) {
        byte[] received = in.readNBytes(74);
        assertThat(new String(received, StandardCharsets.US_ASCII))
            .as("line %d", line)
            .isEqualTo(expectedLine(line));
      }
      assertThat(expectedLine(30)).startsWith(">?@").endsWith("{|}~ !\"#$%&\r\n");
    }
  }

  @Test
  void keepsSendingOnlyAsFastAsTheClientReads() throws Exception {
    try (Socket socket = WireClient.connect(chargen)) {
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      assertThat(reader.readLine()).isEqualTo(expectedLine(0).substring(0, 72));
      // The client stops reading: the server's output fills and it stops writing.
      await().until(() -> sentSettled());
      double settled = sent();
      assertThat(settled).isLessThan(64 << 20);
      // Reading again lets it go on, and the stream stays exact across the pauses.
      for (int line = 1; sent() <= settled; line++) {
        assertThat(reader.readLine()).isEqualTo(expectedLine(line).substring(0, 72));
      }
    }
  }

  @Test
  void stopsWhenTheClientCloses() throws Exception {
    Socket socket = WireClient.connect(chargen);
    socket.getInputStream().readNBytes(74);
    socket.close();
    await().until(() -> fixture.metrics().get("twistd.connections.active").gauge().value() == 0);
  }

  private double lastSent = -1;

  private boolean sentSettled() throws InterruptedException {
    double now = sent();
    boolean settled = now == lastSent;
    lastSent = now;
    return settled;
  }

  private double sent() {
    return fixture.metrics().get("twistd.bytes.sent").tag("service", "chargen").counter().count();
  }

  /** Line {@code n} by the RFC 864 rule, written out independently of the handler. */
  private static String expectedLine(int n) {
    String printable =
        " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`"
            + "abcdefghijklmnopqrstuvwxyz{|}~";
    assertThat(printable).hasSize(95);
    StringBuilder line = new StringBuilder();
    for (int column = 0; column < 72; column++) {
      line.append(printable.charAt((n + column) % 95));
    }
    return line.append("\r\n").toString();
  }
}
