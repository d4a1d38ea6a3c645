package io.twistd.runtime.cli;

import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ConfigLoader;
import io.twistd.api.config.InvalidConfigException;
import io.twistd.runtime.config.reload.ConfigSnapshot;
import java.nio.file.Path;

/**
 * A config file as a command that runs it reads it: its content as read ({@link ConfigSnapshot},
 * for the reloader to compare with later) and the validated configuration parsed from that same
 * content.
 */
record CheckedConfig(ConfigSnapshot snapshot, AppConfig config) {

  /**
   * Reads {@code file} once, then parses and validates what was read.
   *
   * @throws InvalidConfigException when it cannot be read or is not valid; the message names the
   *     file, line and field
   */
  static CheckedConfig read(Path file, ConfigLoader loader) {
    ConfigSnapshot snapshot = ConfigSnapshot.read(file, loader);
    return new CheckedConfig(snapshot, loader.parse(snapshot.text(), file.toString()));
  }
}
