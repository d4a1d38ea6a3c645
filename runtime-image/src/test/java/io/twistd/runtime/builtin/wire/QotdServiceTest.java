package io.twistd.runtime.builtin.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.twistd.api.validation.BuiltinServiceTypes;
import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.ServiceFixture;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QotdServiceTest {

  @TempDir Path tempDir;
  private ServiceFixture fixture;

  @BeforeEach
  void makeFixture() {
    fixture = new ServiceFixture(tempDir);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void sendsTheDefaultQuoteAndCloses() throws Exception {
    Service qotd = fixture.start("qotd", "qotd", Map.of());
    assertThat(receiveAll(qotd)).isEqualTo(BuiltinServiceTypes.DEFAULT_QUOTE + "\r\n");
  }

  @Test
  void sendsTheConfiguredQuoteToEveryClient() throws Exception {
    Service qotd = fixture.start("qotd", "qotd", Map.of("quote", "Hello, world."));
    assertThat(receiveAll(qotd)).isEqualTo("Hello, world.\r\n");
    assertThat(receiveAll(qotd)).isEqualTo("Hello, world.\r\n");
  }

  private static String receiveAll(Service qotd) throws Exception {
    try (Socket socket = WireClient.connect(qotd)) {
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
