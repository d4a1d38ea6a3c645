package io.twistd.runtime.config.reload;

import io.twistd.runtime.net.ListeningService;
import io.twistd.runtime.net.TlsContextSource;
import io.twistd.runtime.service.MultiService;
import io.twistd.runtime.service.Service;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts rotated TLS key pairs in force: finds every {@code ssl:} endpoint of the tree and reloads
 * those whose files changed ({@link TlsContextSource#reload()}), so that new handshakes use the new
 * pair while open connections keep theirs. A pair that cannot serve is refused, logged, counted and
 * shown in {@code /status}; the endpoint keeps its previous pair.
 */
final class TlsRotation {

  private static final Logger log = LoggerFactory.getLogger(TlsRotation.class);

  private final ReloadStatus status;

  TlsRotation(ReloadStatus status) {
    this.status = status;
  }

  /** Every file the tree's TLS endpoints read. */
  Set<Path> files(MultiService root) {
    Set<Path> files = new LinkedHashSet<>();
    sources(root).keySet().forEach(source -> files.addAll(source.files()));
    return files;
  }

  /** Reloads each TLS endpoint that reads a file {@code changed} accepts. */
  void reload(MultiService root, Predicate<Path> changed) {
    sources(root)
        .forEach(
            (source, path) -> {
              if (source.files().stream().anyMatch(changed)) {
                reload(source, path);
              }
            });
  }

  private void reload(TlsContextSource source, String servicePath) {
    try {
      source.reload();
      status.tlsApplied();
      log.info("'{}': new TLS key pair in force, read from {}", servicePath, source.files());
    } catch (IllegalArgumentException e) {
      status.tlsFailed(
          new ReloadError(
              Instant.now(), "failed", "'" + servicePath + "': " + e.getMessage(), List.of()));
      log.warn(
          "'{}': refused the new TLS key pair; the previous one still serves: {}",
          servicePath,
          e.getMessage());
    }
  }

  /** Every TLS context of the tree, with the path of its service. */
  private static Map<TlsContextSource, String> sources(MultiService root) {
    Map<TlsContextSource, String> out = new LinkedHashMap<>();
    collect(root, out);
    return out;
  }

  private static void collect(MultiService parent, Map<TlsContextSource, String> out) {
    for (Service child : parent.services()) {
      if (child instanceof ListeningService listening) {
        listening.tlsSources().forEach(source -> out.put(source, child.path()));
      }
      if (child instanceof MultiService multi) {
        collect(multi, out);
      }
    }
  }
}
