package io.twistd.runtime.builtin.web;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * An HTML page listing a directory: one link per entry, sorted by name, directories with a trailing
 * slash. Names are percent-encoded in links and HTML-escaped in text, so no file name can inject
 * markup.
 */
final class DirectoryListing {

  private DirectoryListing() {}

  /**
   * The listing of {@code directory}, titled with the request's decoded {@code displayPath}.
   *
   * @throws IOException when the directory cannot be read
   */
  static String html(String displayPath, Path directory) throws IOException {
    List<String> names;
    try (Stream<Path> entries = Files.list(directory)) {
      names = entries.map(DirectoryListing::name).sorted().toList();
    }
    String title = "Index of " + escape(displayPath);
    StringBuilder page = new StringBuilder(256 + names.size() * 64);
    page.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
        .append(title)
        .append("</title></head>\n<body><h1>")
        .append(title)
        .append("</h1>\n<ul>\n");
    if (!displayPath.equals("/")) {
      page.append("<li><a href=\"../\">../</a></li>\n");
    }
    for (String name : names) {
      page.append("<li><a href=\"")
          .append(escape(href(name)))
          .append("\">")
          .append(escape(name))
          .append("</a></li>\n");
    }
    return page.append("</ul>\n</body></html>\n").toString();
  }

  private static String name(Path entry) {
    String name = entry.getFileName().toString();
    return Files.isDirectory(entry) ? name + "/" : name;
  }

  /** A relative link to the entry: the name percent-encoded as one path segment. */
  private static String href(String name) {
    boolean directory = name.endsWith("/");
    String bare = directory ? name.substring(0, name.length() - 1) : name;
    String encoded = URLEncoder.encode(bare, StandardCharsets.UTF_8).replace("+", "%20");
    return directory ? encoded + "/" : encoded;
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
