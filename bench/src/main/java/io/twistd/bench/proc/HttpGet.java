package io.twistd.bench.proc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 client over one kept-alive socket, for probes that poll every millisecond
 * (where a full client's overhead would be most of what is measured). Understands only responses
 * with a {@code Content-Length}, which every server here sends for static files. Not thread-safe.
 */
public final class HttpGet implements AutoCloseable {

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private HttpGet(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /** Connects to 127.0.0.1:{@code port}. */
  public static HttpGet connect(int port) throws IOException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.setSoTimeout(5_000);
    socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
    return new HttpGet(socket);
  }

  /** A response: its status code and body. */
  public record Response(int status, String body) {}

  /** Sends {@code GET path} on this connection and reads the whole response. */
  public Response get(String path) throws IOException {
    out.write(
        ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    String head = readHead();
    int status = Integer.parseInt(head.substring(9, 12));
    int length = contentLength(head);
    byte[] body = in.readNBytes(length);
    if (body.length < length) {
      throw new IOException("the connection closed in the middle of a response");
    }
    return new Response(status, new String(body, StandardCharsets.UTF_8));
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the connection closed before a response");
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static int contentLength(String head) throws IOException {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        return Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    throw new IOException("no Content-Length in:\n" + head);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
