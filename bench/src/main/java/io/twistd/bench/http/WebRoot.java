package io.twistd.bench.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** The directory every web server under test serves: {@code 1k.bin} and {@code 64k.bin}. */
public final class WebRoot {

  /** The files, by name, and their sizes. */
  public static final String SMALL = "1k.bin";

  public static final String LARGE = "64k.bin";

  private WebRoot() {}

  /** Creates {@code directory} with both files (random, incompressible bytes). */
  public static Path create(Path directory) {
    try {
      Files.createDirectories(directory);
      Random random = new Random(42);
      write(directory.resolve(SMALL), 1024, random);
      write(directory.resolve(LARGE), 64 * 1024, random);
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, int size, Random random) throws IOException {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    Files.write(file, bytes);
  }
}
