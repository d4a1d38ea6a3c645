package io.twistd.examples.greeter;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.twistd.api.endpoint.ServerEndpoints;
import io.twistd.runtime.config.SharedConfig;
import io.twistd.runtime.net.ListeningService;
import io.twistd.runtime.net.Transport;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceOptions;
import io.twistd.runtime.plugin.ServiceSettings;
import io.twistd.runtime.service.Service;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the greeter as the runtime would, on a real loopback port, with a context made here. */
class GreeterServiceTest {

  @TempDir Path tempDir;
  private Transport transport;
  private SharedConfig config;
  private Service greeter;

  @BeforeEach
  void makeTransport() {
    transport = Transport.create(1, true);
    config = new SharedConfig(Map.of("greeting", "Hi"));
  }

  @AfterEach
  void stop() {
    if (greeter != null) {
      greeter.stop().join();
    }
    transport.close();
  }

  @Test
  void answersEachLineWithTheGreetingFromTheApplicationConfig() throws IOException {
    start(Map.of());
    try (Conversation client = new Conversation()) {
      assertThat(client.ask("Alice\n")).isEqualTo("Hi, Alice!");
      assertThat(client.ask("Bob\r\n")).isEqualTo("Hi, Bob!");
      assertThat(client.ask("\n")).isEqualTo("Hi!");
    }
  }

  @Test
  void appliesAConfigChangeToTheNextLineOnTheSameConnection() throws IOException {
    start(Map.of());
    try (Conversation client = new Conversation()) {
      assertThat(client.ask("Carol\n")).isEqualTo("Hi, Carol!");
      config.update(Map.of("greeting", "Howdy"));
      assertThat(client.ask("Carol\n")).isEqualTo("Howdy, Carol!");
    }
  }

  @Test
  void fallsBackToHelloWhenTheConfigHasNoGreeting() throws IOException {
    config.update(Map.of());
    start(Map.of());
    try (Conversation client = new Conversation()) {
      assertThat(client.ask("Dave\n")).isEqualTo("Hello, Dave!");
    }
  }

  @Test
  void theGreetingOptionWinsOverTheConfig() throws IOException {
    start(Map.of("greeting", "Salut"));
    try (Conversation client = new Conversation()) {
      assertThat(client.ask("\u00c9lodie\n")).isEqualTo("Salut, \u00c9lodie!");
    }
  }

  @Test
  void closesTheConnectionAfterATooLongLine() throws IOException {
    start(Map.of());
    try (Conversation client = new Conversation()) {
      assertThat(client.ask("x".repeat(GreeterService.MAX_LINE_LENGTH + 1) + "\n"))
          .startsWith("error: line longer than");
      assertThat(client.in.readLine()).isNull();
    }
  }

  private void start(Map<String, ?> options) {
    ServiceContext context =
        new ServiceContext(
            transport,
            new SimpleMeterRegistry(),
            config,
            tempDir,
            (definition, parentPath) -> {
              throw new UnsupportedOperationException("the greeter has no children");
            });
    ServiceSettings settings =
        new ServiceSettings(
            "greeter",
            "greeter",
            List.of(ServerEndpoints.parse("tcp:0:interface=127.0.0.1")),
            ServiceOptions.of(GreeterServiceMaker.SPEC, options),
            List.of());
    greeter = new GreeterServiceMaker().makeService(settings, context);
    greeter.privilegedStart().thenCompose(ignored -> greeter.start()).join();
  }

  /** One line-at-a-time client connection to the started greeter. */
  private final class Conversation implements AutoCloseable {
    private final Socket socket = new Socket();
    private final BufferedReader in;
    private final OutputStream out;

    Conversation() throws IOException {
      InetSocketAddress address =
          (InetSocketAddress) ((ListeningService) greeter).boundAddresses().get(0);
      socket.connect(address, 5_000);
      socket.setSoTimeout(5_000);
      in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out = socket.getOutputStream();
    }

    /** Sends {@code text} and returns the answer line, without its CR LF. */
    String ask(String text) throws IOException {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return in.readLine();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
