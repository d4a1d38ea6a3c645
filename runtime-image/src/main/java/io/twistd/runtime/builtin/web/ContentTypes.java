package io.twistd.runtime.builtin.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code Content-Type} of a file, from its extension: a table of common web types first, then
 * the platform's {@link Files#probeContentType}, then {@code application/octet-stream}. Text types
 * are declared UTF-8.
 */
final class ContentTypes {

  private static final String DEFAULT = "application/octet-stream";
  private static final String UTF_8 = "; charset=utf-8";

  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("html", "text/html"),
          Map.entry("htm", "text/html"),
          Map.entry("css", "text/css"),
          Map.entry("js", "text/javascript"),
          Map.entry("mjs", "text/javascript"),
          Map.entry("json", "application/json"),
          Map.entry("map", "application/json"),
          Map.entry("webmanifest", "application/manifest+json"),
          Map.entry("xml", "application/xml"),
          Map.entry("txt", "text/plain"),
          Map.entry("md", "text/markdown"),
          Map.entry("csv", "text/csv"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("png", "image/png"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("gif", "image/gif"),
          Map.entry("webp", "image/webp"),
          Map.entry("avif", "image/avif"),
          Map.entry("ico", "image/x-icon"),
          Map.entry("woff", "font/woff"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("ttf", "font/ttf"),
          Map.entry("otf", "font/otf"),
          Map.entry("wasm", "application/wasm"),
          Map.entry("pdf", "application/pdf"),
          Map.entry("zip", "application/zip"),
          Map.entry("gz", "application/gzip"),
          Map.entry("mp4", "video/mp4"),
          Map.entry("webm", "video/webm"),
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("ogg", "audio/ogg"));

  /**
   * What the platform answered per extension: its detectors go by the name (on Linux, the
   * mime.types files), and asking them on every request cost a web server serving such files about
   * a tenth of its CPU time (bench/RESULTS.md).
   */
  private static final Map<String, String> PROBED = new ConcurrentHashMap<>();

  private ContentTypes() {}

  /** The content type to send for {@code file}, with {@code charset=utf-8} for text. */
  static String of(Path file) {
    String extension = extension(file);
    String type = BY_EXTENSION.get(extension);
    if (type == null) {
      type =
          extension.isEmpty() ? probe(file) : PROBED.computeIfAbsent(extension, e -> probe(file));
    }
    return isText(type) ? type + UTF_8 : type;
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String probe(Path file) {
    try {
      String probed = Files.probeContentType(file);
      return probed == null ? DEFAULT : probed;
    } catch (IOException e) {
      return DEFAULT;
    }
  }

  private static boolean isText(String type) {
    if (type.contains(";")) {
      return false; // carries its own parameters, e.g. a charset
    }
    return type.startsWith("text/")
        || type.equals("application/json")
        || type.equals("application/manifest+json")
        || type.equals("application/xml")
        || type.equals("image/svg+xml");
  }
}
