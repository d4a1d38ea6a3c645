package io.twistd.runtime.config.reload;

import io.twistd.runtime.testing.AtomicWriterVolume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** The ways a watched file changes: Kubernetes' atomic writer, in place, write-and-rename. */
enum FileChange {
  /** A ConfigMap volume: a new timestamped directory and the {@code ..data} link swapped. */
  ATOMIC_WRITER {
    @Override
    void write(Path directory, String name, String content) throws IOException {
      new AtomicWriterVolume(directory).write(Map.of(name, content));
    }
  },
  /** The file truncated and written again, as {@code cat > app.yaml} does. */
  IN_PLACE {
    @Override
    void write(Path directory, String name, String content) throws IOException {
      Files.writeString(directory.resolve(name), content);
    }
  },
  /** A new file written next to it, then renamed over it, as most editors save. */
  WRITE_AND_RENAME {
    @Override
    void write(Path directory, String name, String content) throws IOException {
      Path temporary = directory.resolve("." + name + ".swp");
      Files.writeString(temporary, content);
      Files.move(
          temporary,
          directory.resolve(name),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    }
  };

  /** Creates the file, or changes it this way. */
  abstract void write(Path directory, String name, String content) throws IOException;
}
