package io.twistd.runtime.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One raw HTTP/1.1 client connection on a real socket, for tests that must send exactly the bytes
 * they mean (unnormalised paths, pipelining) or watch the connection itself (keep-alive, close).
 * Reads responses framed by {@code Content-Length}, {@code chunked}, or the connection's end.
 */
public final class RawHttpConnection implements AutoCloseable {

  /** A response as read from the wire; header names lower-cased. */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  /** Connects with a 10-second read timeout, so a broken server fails the test, not hangs it. */
  public RawHttpConnection(InetSocketAddress address) throws IOException {
    this(address, 0);
  }

  /**
   * Connects; a {@code receiveBuffer} above zero shrinks the socket's receive buffer first, so a
   * large response stays in flight while the test does not read.
   */
  public RawHttpConnection(InetSocketAddress address, int receiveBuffer) throws IOException {
    socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(address, 10_000);
    socket.setSoTimeout(10_000);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Sends {@code text} as ISO-8859-1 bytes, e.g. a whole request with its CRLFs. */
  public RawHttpConnection send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  /** Sends {@code GET path HTTP/1.1} with a Host header and {@code extraHeaders} (CRLF-ended). */
  public RawHttpConnection get(String path, String extraHeaders) throws IOException {
    return send("GET " + path + " HTTP/1.1\r\nHost: test\r\n" + extraHeaders + "\r\n");
  }

  /** Reads one response to a GET. */
  public Response read() throws IOException {
    return read(false);
  }

  /** Reads one response; {@code head} says it answers a HEAD, so it has no body. */
  public Response read(boolean head) throws IOException {
    Response top = readHead();
    if (head || top.status() == 304 || top.status() == 204 || top.status() / 100 == 1) {
      return top;
    }
    return new Response(top.status(), top.headers(), readBody(top));
  }

  /**
   * Reads the status line and headers only, leaving the body on the socket for {@link #input()}.
   */
  public Response readHead() throws IOException {
    String status = line();
    if (status == null) {
      throw new IOException("connection closed before a response");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(); line != null && !line.isEmpty(); line = line()) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    return new Response(Integer.parseInt(status.split(" ")[1]), headers, new byte[0]);
  }

  /** The stream the body arrives on, after {@link #readHead()}. */
  public InputStream input() {
    return in;
  }

  /** Whether the server has closed the connection: the next read sees its end. */
  public boolean isClosedByPeer() throws IOException {
    try {
      return in.read() < 0;
    } catch (java.net.SocketException e) {
      return true; // reset: closed all the same
    }
  }

  private byte[] readBody(Response top) throws IOException {
    String length = top.header("content-length");
    if (length != null) {
      return in.readNBytes(Integer.parseInt(length));
    }
    if ("chunked".equalsIgnoreCase(top.header("transfer-encoding"))) {
      return readChunked();
    }
    return in.readAllBytes();
  }

  private byte[] readChunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = line();
      int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
      if (size == 0) {
        while (!line().isEmpty()) {
          // trailers, ignored
        }
        return body.toByteArray();
      }
      body.write(in.readNBytes(size));
      line();
    }
  }

  private String line() throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r'
            ? line.substring(0, end - 1)
            : line.toString();
      }
      line.append((char) c);
    }
    return line.length() == 0 ? null : line.toString();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
