package io.twistd.bench.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The nginx reference: one worker, access log off, sendfile on, keep-alive without a request limit,
 * serving {@link WebRoot} on one loopback port. Runs in the foreground ({@code daemon off}) so that
 * it is stopped like every other server.
 */
final class Nginx {

  private Nginx() {}

  /** Writes the configuration under {@code directory} and returns the command that runs it. */
  static List<String> command(Path directory, Path root, int port) {
    try {
      Files.createDirectories(directory);
      Path conf = directory.resolve("nginx.conf");
      Files.writeString(conf, config(directory, root, port));
      return List.of("nginx", "-c", conf.toString(), "-p", directory.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String config(Path directory, Path root, int port) {
    return """
        worker_processes 1;
        daemon off;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 1024; }
        http {
          access_log off;
          sendfile on;
          tcp_nopush on;
          keepalive_requests 1000000;
          keepalive_timeout 65;
          default_type application/octet-stream;
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          server { listen 127.0.0.1:%3$d; root %2$s; }
        }
        """
        .formatted(directory, root, port);
  }
}
