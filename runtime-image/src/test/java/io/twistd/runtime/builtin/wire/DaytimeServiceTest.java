package io.twistd.runtime.builtin.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.ServiceFixture;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaytimeServiceTest {

  @TempDir Path tempDir;
  private ServiceFixture fixture;
  private Service daytime;

  @BeforeEach
  void startDaytime() {
    fixture = new ServiceFixture(tempDir);
    daytime = fixture.start("daytime", "daytime", Map.of());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void sendsTheCurrentTimeAsOneAsciiLineAndCloses() throws Exception {
    byte[] received;
    try (Socket socket = WireClient.connect(daytime)) {
      received = socket.getInputStream().readAllBytes(); // ends at the server's close
    }
    String text = new String(received, StandardCharsets.US_ASCII);
    assertThat(text).endsWith("\r\n").hasLineCount(1);
    Instant sent =
        ZonedDateTime.parse(text.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    assertThat(Duration.between(sent, Instant.now()).abs()).isLessThan(Duration.ofSeconds(5));
  }
}
