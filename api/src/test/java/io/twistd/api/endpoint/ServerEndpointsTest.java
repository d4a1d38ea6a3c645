package io.twistd.api.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServerEndpointsTest {

  private static final int BACKLOG = TcpEndpoint.DEFAULT_BACKLOG;

  private static TcpEndpoint tcp(int port) {
    return new TcpEndpoint(port, "", BACKLOG, false);
  }

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("tcp:8080", tcp(8080)),
        Arguments.of("tcp:port=8080", tcp(8080)),
        Arguments.of("tcp:0", tcp(0)),
        Arguments.of("tcp:65535", tcp(65535)),
        Arguments.of("tcp:8080:127.0.0.1", new TcpEndpoint(8080, "127.0.0.1", BACKLOG, false)),
        Arguments.of(
            "tcp:8080:interface=127.0.0.1:backlog=128",
            new TcpEndpoint(8080, "127.0.0.1", 128, false)),
        Arguments.of("tcp:8080:127.0.0.1:128", new TcpEndpoint(8080, "127.0.0.1", 128, false)),
        Arguments.of("tcp:backlog=7:port=80", new TcpEndpoint(80, "", 7, false)),
        Arguments.of("tcp:interface=10.0.0.1:80", new TcpEndpoint(80, "10.0.0.1", BACKLOG, false)),
        Arguments.of("tcp6:8080", new TcpEndpoint(8080, "", BACKLOG, true)),
        Arguments.of("tcp6:8080:interface=\\:\\:1", new TcpEndpoint(8080, "::1", BACKLOG, true)),
        Arguments.of("tcp6:443:\\:\\:", new TcpEndpoint(443, "::", BACKLOG, true)),
        Arguments.of(
            "ssl:8443:privateKey=k.pem:certKey=c.pem",
            new SslEndpoint(tcp(8443), "k.pem", "c.pem", "")),
        Arguments.of("ssl:8443:privateKey=k.pem", new SslEndpoint(tcp(8443), "k.pem", "k.pem", "")),
        Arguments.of("ssl:8443:k.pem:c.pem", new SslEndpoint(tcp(8443), "k.pem", "c.pem", "")),
        Arguments.of(
            "ssl:port=8443:privateKey=/etc/tls/tls.key:certKey=/etc/tls/tls.crt"
                + ":interface=127.0.0.1:backlog=5:extraCertChain=chain.pem",
            new SslEndpoint(
                new TcpEndpoint(8443, "127.0.0.1", 5, false),
                "/etc/tls/tls.key",
                "/etc/tls/tls.crt",
                "chain.pem")),
        Arguments.of("unix:/tmp/s.sock:mode=660", new UnixEndpoint("/tmp/s.sock", 0660, BACKLOG)),
        Arguments.of("unix:address=/tmp/x", new UnixEndpoint("/tmp/x", 0666, BACKLOG)),
        Arguments.of("unix:/tmp/s.sock:600:10", new UnixEndpoint("/tmp/s.sock", 0600, 10)),
        Arguments.of("unix:/tmp/x:mode=0", new UnixEndpoint("/tmp/x", 0, BACKLOG)),
        Arguments.of("unix:/tmp/x:mode=0640", new UnixEndpoint("/tmp/x", 0640, BACKLOG)),
        Arguments.of("unix:/tmp/x:mode=00777", new UnixEndpoint("/tmp/x", 0777, BACKLOG)),
        Arguments.of(
            "unix:/run/a\\:b\\=c.sock", new UnixEndpoint("/run/a:b=c.sock", 0666, BACKLOG)),
        Arguments.of("unix:relative.sock", new UnixEndpoint("relative.sock", 0666, BACKLOG)));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void parsesValidDescriptions(String description, ServerEndpoint expected) {
    assertThat(ServerEndpoints.parse(description)).isEqualTo(expected);
  }

  @ParameterizedTest
  @MethodSource("valid")
  void describeReadsBackToAnEqualEndpoint(String description, ServerEndpoint expected) {
    assertThat(ServerEndpoints.parse(expected.describe())).isEqualTo(expected);
  }

  static Stream<Arguments> invalid() {
    String tcpTooMany =
        "too many positional arguments: 'tcp' takes port, interface, backlog"
            + " (write a ':' inside a value as '\\:')";
    return Stream.of(
        Arguments.of("", "it is empty"),
        Arguments.of("udp:53", "unknown endpoint type 'udp' (known: tcp, tcp6, ssl, unix)"),
        Arguments.of("TCP:80", "unknown endpoint type 'TCP' (known: tcp, tcp6, ssl, unix)"),
        Arguments.of(
            "8080",
            "unknown endpoint type '8080' (known: tcp, tcp6, ssl, unix);"
                + " for a TCP port write 'tcp:8080'"),
        Arguments.of("tcp:65536", "port 65536 is out of range 0-65535"),
        Arguments.of("tcp:-1", "port -1 is out of range 0-65535"),
        Arguments.of(
            "tcp:99999999999999999999", "port 99999999999999999999 is out of range 0-65535"),
        Arguments.of("ssl:70000:privateKey=k.pem", "port 70000 is out of range 0-65535"),
        Arguments.of("tcp:http", "port must be a number, got 'http'"),
        Arguments.of("tcp:80.5", "port must be a number, got '80.5'"),
        Arguments.of("tcp: 80", "port must be a number, got ' 80'"),
        Arguments.of("tcp", "missing required argument 'port'"),
        Arguments.of("tcp:", "missing required argument 'port'"),
        Arguments.of("tcp:interface=127.0.0.1", "missing required argument 'port'"),
        Arguments.of(
            "tcp:8080:foo=1",
            "unknown argument 'foo' for 'tcp' (accepted: port, interface, backlog)"),
        Arguments.of(
            "tcp6:8080:host=\\:\\:1",
            "unknown argument 'host' for 'tcp6' (accepted: port, interface, backlog)"),
        Arguments.of("tcp:8080:127.0.0.1:5:extra", tcpTooMany),
        Arguments.of(
            "tcp6:8080:::1",
            "too many positional arguments: 'tcp6' takes port, interface, backlog"
                + " (write a ':' inside a value as '\\:')"),
        Arguments.of("tcp:8080:backlog=1:backlog=2", "argument 'backlog' is given twice"),
        Arguments.of("tcp:8080:port=8081", "argument 'port' is given both by position and by name"),
        Arguments.of(
            "tcp6:port=443:\\:\\:", "argument 'port' is given both by position and by name"),
        Arguments.of(
            "tcp:8080:0.0.0.0:interface=\\:\\:",
            "argument 'interface' is given both by position and by name"),
        Arguments.of("tcp:8080\\", "it ends with a lone backslash"),
        Arguments.of("tcp:8080:backlog=0", "backlog must be between 1 and 2147483647, got 0"),
        Arguments.of("tcp:8080:backlog=-3", "backlog must be between 1 and 2147483647, got -3"),
        Arguments.of(
            "tcp:8080:backlog=3000000000",
            "backlog must be between 1 and 2147483647, got 3000000000"),
        Arguments.of("tcp:8080:backlog=many", "backlog must be a number, got 'many'"),
        Arguments.of("ssl:8443", "missing required argument 'privateKey'"),
        Arguments.of("ssl:8443:certKey=c.pem", "missing required argument 'privateKey'"),
        Arguments.of("ssl:8443:privateKey=", "missing required argument 'privateKey'"),
        Arguments.of("ssl:8443:privateKey=k.pem:certKey=", "argument 'certKey' is empty"),
        Arguments.of(
            "ssl:8443:privateKey=k.pem:extraCertChain=", "argument 'extraCertChain' is empty"),
        Arguments.of(
            "ssl:8443:privateKey=k.pem:method=TLS",
            "unknown argument 'method' for 'ssl'"
                + " (accepted: port, privateKey, certKey, interface, backlog, extraCertChain)"),
        Arguments.of("unix:", "missing required argument 'address'"),
        Arguments.of("unix:mode=600", "missing required argument 'address'"),
        Arguments.of("unix:/tmp/s:mode=999", "mode must be an octal number such as 660, got '999'"),
        Arguments.of("unix:/tmp/s:mode=rw", "mode must be an octal number such as 660, got 'rw'"),
        Arguments.of("unix:/tmp/s:mode=-1", "mode must be an octal number such as 660, got '-1'"),
        Arguments.of("unix:/tmp/s:mode=+6", "mode must be an octal number such as 660, got '+6'"),
        Arguments.of("unix:/tmp/s:mode=", "mode must be an octal number such as 660, got ''"),
        Arguments.of("unix:/tmp/s:mode=1777", "mode 1777 is not a permission mode (at most 777)"),
        Arguments.of("unix:/tmp/s:backlog=0", "backlog must be between 1 and 2147483647, got 0"),
        Arguments.of(
            "unix:/tmp/s:lockfile=0",
            "unknown argument 'lockfile' for 'unix' (accepted: address, mode, backlog)"),
        Arguments.of(":8080", "the endpoint type is missing before the first ':', e.g. tcp:8080"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void refusesInvalidDescriptionsNamingTheProblem(String description, String problem) {
    assertThatThrownBy(() -> ServerEndpoints.parse(description))
        .isInstanceOf(EndpointSyntaxException.class)
        .hasMessage("invalid endpoint \"" + description + "\": " + problem);
  }

  @Test
  void describesInCanonicalForm() {
    assertThat(ServerEndpoints.parse("tcp:port=8080:backlog=50").describe()).isEqualTo("tcp:8080");
    assertThat(ServerEndpoints.parse("tcp:8080:127.0.0.1:128").describe())
        .isEqualTo("tcp:8080:interface=127.0.0.1:backlog=128");
    assertThat(ServerEndpoints.parse("tcp6:8080:interface=\\:\\:1").describe())
        .isEqualTo("tcp6:8080:interface=\\:\\:1");
    assertThat(ServerEndpoints.parse("ssl:8443:privateKey=k.pem:certKey=k.pem").describe())
        .isEqualTo("ssl:8443:privateKey=k.pem");
    assertThat(ServerEndpoints.parse("unix:address=/tmp/x:mode=666").describe())
        .isEqualTo("unix:/tmp/x");
    assertThat(ServerEndpoints.parse("unix:/tmp/x:mode=0640").describe())
        .isEqualTo("unix:/tmp/x:mode=640");
  }

  @Test
  void describeEscapesSpecialCharactersInPaths() {
    UnixEndpoint unix = new UnixEndpoint("C:\\run\\a=b.sock", 0600, BACKLOG);
    SslEndpoint ssl = new SslEndpoint(tcp(443), "/k:ey=1.pem", "/c\\ert.pem", "/ch=a:in.pem");

    assertThat(unix.describe()).isEqualTo("unix:C\\:\\\\run\\\\a\\=b.sock:mode=600");
    assertThat(ssl.describe())
        .isEqualTo(
            "ssl:443:privateKey=/k\\:ey=1.pem:certKey=/c\\\\ert.pem:extraCertChain=/ch=a\\:in.pem");
    assertThat(ServerEndpoints.parse(unix.describe())).isEqualTo(unix);
    assertThat(ServerEndpoints.parse(ssl.describe())).isEqualTo(ssl);
  }

  @Test
  void describeReadsBackForGeneratedEndpoints() {
    Random random = new Random(1234L);
    for (int i = 0; i < 2000; i++) {
      ServerEndpoint endpoint = randomEndpoint(random);

      assertThat(ServerEndpoints.parse(endpoint.describe()))
          .as("described as %s", endpoint.describe())
          .isEqualTo(endpoint);
    }
  }

  @Test
  void reportsTcpPortOnlyForTcpListeners() {
    assertThat(ServerEndpoints.parse("tcp:8080").tcpPort()).contains(8080);
    assertThat(ServerEndpoints.parse("tcp6:8081").tcpPort()).contains(8081);
    assertThat(ServerEndpoints.parse("ssl:8443:privateKey=k.pem").tcpPort()).contains(8443);
    assertThat(ServerEndpoints.parse("unix:/tmp/s").tcpPort()).isEmpty();
  }

  @Test
  void bindsTheFamilyWildcardWithoutAnInterface() {
    assertThat(((TcpEndpoint) ServerEndpoints.parse("tcp:80")).bindAddress()).isEqualTo("0.0.0.0");
    assertThat(((TcpEndpoint) ServerEndpoints.parse("tcp6:80")).bindAddress()).isEqualTo("::");
    assertThat(((TcpEndpoint) ServerEndpoints.parse("tcp:80:10.1.2.3")).bindAddress())
        .isEqualTo("10.1.2.3");
  }

  @Test
  void refusesValuesNoDescriptionCanExpress() {
    assertThatThrownBy(() -> new TcpEndpoint(65536, "", BACKLOG, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port 65536 is out of range 0-65535");
    assertThatThrownBy(() -> new TcpEndpoint(80, "", 0, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backlog must be at least 1, got 0");
    assertThatThrownBy(() -> new SslEndpoint(new TcpEndpoint(443, "", BACKLOG, true), "k", "k", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an ssl endpoint has no tcp6 form; bind an IPv6 interface instead");
    assertThatThrownBy(() -> new SslEndpoint(tcp(443), "", "c", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("privateKey and certKey must not be empty");
    assertThatThrownBy(() -> new UnixEndpoint("", 0600, BACKLOG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a UNIX socket path must not be empty");
    assertThatThrownBy(() -> new UnixEndpoint("/s", -1, BACKLOG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mode must be within 0 and 0777, got -1");
  }

  private static final String PATH_CHARS = "ab/.:=\\- ";

  private static ServerEndpoint randomEndpoint(Random random) {
    int backlog = random.nextBoolean() ? BACKLOG : 1 + random.nextInt(4096);
    String iface = random.nextBoolean() ? "" : text(random, 1 + random.nextInt(8));
    TcpEndpoint tcp = new TcpEndpoint(random.nextInt(65536), iface, backlog, false);
    return switch (random.nextInt(4)) {
      case 0 -> tcp;
      case 1 -> new TcpEndpoint(tcp.port(), iface, backlog, true);
      case 2 -> {
        String key = text(random, 1 + random.nextInt(8));
        String cert = random.nextBoolean() ? key : text(random, 1 + random.nextInt(8));
        String chain = random.nextBoolean() ? "" : text(random, 1 + random.nextInt(8));
        yield new SslEndpoint(tcp, key, cert, chain);
      }
      default ->
          new UnixEndpoint(text(random, 1 + random.nextInt(12)), random.nextInt(0777 + 1), backlog);
    };
  }

  private static String text(Random random, int length) {
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(PATH_CHARS.charAt(random.nextInt(PATH_CHARS.length())));
    }
    return out.toString();
  }
}
