import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The program of the test image of the process node's tests, run by the JDK's source launcher.
 *
 * <p>GET /readyz answers 200 (503 once SIGTERM came, or after /set-ready/false); /env/NAME the variable; /file/PATH the file;
 * /ls/PATH the names in a directory; /id the user id, host name and the sysctl
 * ip_unprivileged_port_start. Environment: PORT (8080), EXIT_CODE (exit with it at once),
 * STOP_MILLIS (how long to keep serving after SIGTERM before exiting).
 */
public class PodServer {

  private static volatile boolean stopping;
  private static volatile boolean ready = true;

  public static void main(String[] args) throws Exception {
    String exitCode = System.getenv("EXIT_CODE");
    if (exitCode != null) {
      System.out.println("exiting with " + exitCode);
      System.exit(Integer.parseInt(exitCode));
    }
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    long stopMillis = Long.parseLong(System.getenv().getOrDefault("STOP_MILLIS", "0"));
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/readyz", ex -> send(ex, stopping || !ready ? 503 : 200, "ok"));
    server.createContext(
        "/set-ready/",
        ex -> {
          ready = Boolean.parseBoolean(rest(ex, "/set-ready/"));
          send(ex, 200, String.valueOf(ready));
        });
    server.createContext("/env/", ex -> send(ex, 200, String.valueOf(System.getenv(rest(ex, "/env/")))));
    server.createContext("/file/", ex -> send(ex, 200, Files.readString(Path.of("/" + rest(ex, "/file/")))));
    server.createContext(
        "/ls/",
        ex -> {
          try (Stream<Path> list = Files.list(Path.of("/" + rest(ex, "/ls/")))) {
            send(ex, 200, list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.joining(",")));
          }
        });
    server.createContext(
        "/id",
        ex ->
            send(
                ex,
                200,
                uid()
                    + " "
                    + firstLine("/proc/sys/kernel/hostname")
                    + " "
                    + firstLine("/proc/sys/net/ipv4/ip_unprivileged_port_start")));
    server.start();
    System.out.println("serving on " + port + " args " + String.join(" ", args));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping = true;
                  System.out.println("stopping in " + stopMillis + " ms");
                  try {
                    Thread.sleep(stopMillis);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  server.stop(0);
                }));
  }

  // line by line: procfs reports size 0, which makes Files.readString stop early
  private static String firstLine(String path) throws IOException {
    return Files.readAllLines(Path.of(path)).get(0).strip();
  }

  private static String uid() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(line -> line.startsWith("Uid:"))
        .map(line -> line.split("\\s+")[1])
        .findFirst()
        .orElse("?");
  }

  private static String rest(HttpExchange ex, String prefix) {
    return ex.getRequestURI().getPath().substring(prefix.length());
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
