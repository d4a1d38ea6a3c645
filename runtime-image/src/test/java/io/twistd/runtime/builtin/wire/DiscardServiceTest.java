package io.twistd.runtime.builtin.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.ServiceFixture;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscardServiceTest {

  @TempDir Path tempDir;
  private ServiceFixture fixture;
  private Service discard;

  @BeforeEach
  void startDiscard() {
    fixture = new ServiceFixture(tempDir);
    discard = fixture.start("discard", "discard", Map.of());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void readsEverythingAndNeverAnswersWhileTheConnectionStaysOpen() throws Exception {
    try (Socket socket = WireClient.connect(discard)) {
      socket.getOutputStream().write(new byte[10_000]);
      await().until(() -> counter("twistd.bytes.received") == 10_000);

      socket.setSoTimeout(300);
      assertThatThrownBy(() -> socket.getInputStream().read())
          .isInstanceOf(SocketTimeoutException.class);

      socket.getOutputStream().write(new byte[5_000]); // still open: more is accepted and read
      await().until(() -> counter("twistd.bytes.received") == 15_000);
      assertThat(counter("twistd.bytes.sent")).isZero();
      assertThat(fixture.metrics().get("twistd.connections.active").gauge().value()).isEqualTo(1);
    }
  }

  private double counter(String name) {
    return fixture.metrics().get(name).tag("service", "discard").counter().count();
  }
}
