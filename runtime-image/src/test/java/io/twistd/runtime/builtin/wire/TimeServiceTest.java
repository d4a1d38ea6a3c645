package io.twistd.runtime.builtin.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.twistd.runtime.service.Service;
import io.twistd.runtime.testing.ServiceFixture;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimeServiceTest {

  private static final Instant EPOCH_1900 =
      OffsetDateTime.of(1900, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant();

  @TempDir Path tempDir;
  private ServiceFixture fixture;
  private Service time;

  @BeforeEach
  void startTime() {
    fixture = new ServiceFixture(tempDir);
    time = fixture.start("time", "time", Map.of());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void sendsSecondsSince1900AsOneBigEndianUnsignedIntAndCloses() throws Exception {
    byte[] received;
    try (Socket socket = WireClient.connect(time)) {
      received = socket.getInputStream().readAllBytes(); // ends at the server's close
    }
    assertThat(received).hasSize(4);
    long seconds = Integer.toUnsignedLong(ByteBuffer.wrap(received).getInt());
    long expected = Instant.now().getEpochSecond() - EPOCH_1900.getEpochSecond();
    assertThat(seconds).isCloseTo(expected, org.assertj.core.data.Offset.offset(5L));
    assertThat(seconds).as("not Unix seconds, as Twisted sends").isGreaterThan(3_000_000_000L);
  }
}
