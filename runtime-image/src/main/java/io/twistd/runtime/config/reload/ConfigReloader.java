package io.twistd.runtime.config.reload;

import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ConfigLoader;
import io.twistd.api.config.InvalidConfigException;
import io.twistd.runtime.TwistdRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a running runtime live: watches its config file and the files of its TLS endpoints
 * ({@link FileWatcher}) and, on {@link #reloadNow SIGHUP}, reads them again.
 *
 * <ul>
 *   <li>A config file whose content hash is the applied one changes nothing.
 *   <li>Otherwise the file is parsed and validated first ({@link ConfigLoader}); an invalid file
 *       changes nothing and is reported (log, {@code /status} {@code lastReloadError}, {@code
 *       twistd_config_reloads_total{outcome="invalid"}}).
 *   <li>A valid file is applied ({@link TwistdRuntime#reconfigure}): only what differs changes.
 *   <li>Changed TLS files are put in force for new handshakes ({@link TlsRotation}).
 * </ul>
 *
 * <p>All reloading happens on one thread, {@code twistd-reload}, one reload at a time.
 */
public final class ConfigReloader implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

  /**
   * How quickly changes are noticed.
   *
   * @param quietPeriod how long a burst of file events must be quiet before the files are read
   * @param longestWait the most a stream of events can delay that
   * @param pollInterval how often the files are read without any event
   */
  public record Timing(Duration quietPeriod, Duration longestWait, Duration pollInterval) {
    /** 100 ms quiet, at most 1 s of delay, a poll every 2 s. */
    public static Timing defaults() {
      return new Timing(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(2));
    }
  }

  private final TwistdRuntime runtime;
  private final ConfigLoader loader;
  private final Path configFile;
  private final TlsRotation tls;
  private final FileWatcher watcher;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread reload = new Thread(task, "twistd-reload");
            reload.setDaemon(true);
            return reload;
          });
  private String appliedHash;
  private String lastRefusedHash;

  private ConfigReloader(
      TwistdRuntime runtime, ConfigLoader loader, ConfigSnapshot applied, Timing timing) {
    this.runtime = runtime;
    this.loader = loader;
    this.configFile = applied == null ? null : applied.file();
    this.appliedHash = applied == null ? null : applied.hash();
    this.tls = new TlsRotation(runtime.reloadStatus());
    this.watcher =
        new FileWatcher(
            timing.quietPeriod(),
            timing.longestWait(),
            timing.pollInterval(),
            changed -> thread.execute(() -> filesChanged(changed)));
    if (applied != null) {
      runtime.reloadStatus().configHash(applied.hash());
    }
  }

  /**
   * A reloader for a runtime started from {@code applied}, the config file as it was read.
   *
   * @param loader validates new files, against the runtime's service types
   */
  public static ConfigReloader forFile(
      TwistdRuntime runtime, ConfigLoader loader, ConfigSnapshot applied, Timing timing) {
    return new ConfigReloader(runtime, loader, applied, timing);
  }

  /** A reloader for a runtime without a config file: it reloads TLS key pairs only. */
  public static ConfigReloader tlsOnly(TwistdRuntime runtime, Timing timing) {
    return new ConfigReloader(runtime, null, null, timing);
  }

  /** Starts watching; a change made since the config file was read is applied at once. */
  public void start() {
    watcher.watch(watchedFiles());
    watcher.start();
    if (configFile != null) {
      thread.execute(() -> reloadConfig("start", false));
      thread.execute(this::rehearse);
    }
  }

  /**
   * Runs the reload path once on the file in force, on the reload thread, so that the first real
   * reload is as quick as the later ones ({@link TwistdRuntime#rehearseReload}); a file that
   * changed meanwhile is left to the real reload.
   */
  private void rehearse() {
    long began = System.nanoTime();
    try {
      ConfigSnapshot snapshot = ConfigSnapshot.read(configFile, loader);
      if (!snapshot.hash().equals(appliedHash)) {
        return;
      }
      int prepared = runtime.rehearseReload(loader.parse(snapshot.text(), configFile.toString()));
      log.debug(
          "rehearsed a reload in {} ms ({} services prepared a change)",
          (System.nanoTime() - began) / 1_000_000,
          prepared);
    } catch (RuntimeException e) {
      log.debug("could not rehearse a reload: {}", e.toString()); // the real one will say why
    }
  }

  /**
   * Reads the config file and every TLS file again, as SIGHUP asks: applies the config file when it
   * differs from the applied one (retrying one that was refused), and reloads every TLS key pair.
   *
   * @param reason why, for the log, e.g. {@code SIGHUP}
   * @return completes when done
   */
  public CompletableFuture<Void> reloadNow(String reason) {
    return CompletableFuture.runAsync(
        () -> {
          if (configFile != null) {
            reloadConfig(reason, true);
          }
          Map<Path, String> read = new LinkedHashMap<>();
          tls.files(runtime.application())
              .forEach(file -> read.put(file, FileWatcher.contentHash(file)));
          tls.reload(runtime.application(), file -> true);
          read.forEach(watcher::consumed); // hashed before loading: a later change is not lost
        },
        thread);
  }

  @Override
  public void close() {
    watcher.close();
    thread.shutdown();
  }

  private void filesChanged(Set<Path> changed) {
    if (configFile != null && changed.contains(configFile)) {
      reloadConfig("the file changed", false);
    }
    tls.reload(runtime.application(), changed::contains);
  }

  private void reloadConfig(String trigger, boolean retry) {
    ConfigSnapshot snapshot;
    try {
      snapshot = ConfigSnapshot.read(configFile, loader);
    } catch (InvalidConfigException e) {
      watcher.consumed(configFile, FileWatcher.UNREADABLE);
      refuse(e, null);
      return;
    }
    // What is acted on here is what the watcher compares with from now on, so that the file
    // changing back to an earlier content while nobody looked is still seen as a change.
    watcher.consumed(configFile, snapshot.hash());
    if (snapshot.hash().equals(appliedHash)) {
      if (runtime.reloadStatus().lastReloadError() != null) {
        runtime.reloadStatus().clearError();
        log.info("{} is back to the configuration in force ({})", configFile, snapshot.shortHash());
      } else {
        log.debug("{} ({}): unchanged", configFile, trigger);
      }
      lastRefusedHash = null;
      return;
    }
    if (!retry && snapshot.hash().equals(lastRefusedHash)) {
      return; // refused already; an edit or SIGHUP tries again
    }
    log.info("reloading {} ({}): content {}", configFile, trigger, snapshot.shortHash());
    AppConfig next;
    try {
      next = loader.parse(snapshot.text(), configFile.toString());
    } catch (InvalidConfigException e) {
      refuse(e, snapshot.hash());
      return;
    }
    apply(next, snapshot);
  }

  private void apply(AppConfig next, ConfigSnapshot snapshot) {
    long began = System.nanoTime();
    try {
      ReloadReport report = runtime.reconfigure(next);
      appliedHash = snapshot.hash();
      lastRefusedHash = null;
      runtime.reloadStatus().configHash(snapshot.hash());
      log.info(
          "applied {}{} in {} ms: {}",
          configFile,
          next.getRevision().isEmpty() ? "" : " at revision " + next.getRevision(),
          (System.nanoTime() - began) / 1_000_000,
          report.summary());
      for (String setting : report.restartRequired()) {
        log.warn("{} changed, but applies only at the next restart", setting);
      }
    } catch (ReloadFailedException e) {
      lastRefusedHash = snapshot.hash();
      log.warn(
          "could not apply {}: {}; {}",
          configFile,
          e.getMessage(),
          e.rolledBack()
              ? "the previous configuration still runs"
              : "the tree is partly on the new configuration");
    }
    watcher.watch(watchedFiles()); // the TLS endpoints may have changed
  }

  private void refuse(InvalidConfigException e, String hash) {
    lastRefusedHash = hash;
    runtime
        .reloadStatus()
        .invalid(new ReloadError(Instant.now(), "invalid", e.getMessage(), e.problems()));
    log.warn("{} was not applied, nothing changed: {}", configFile, e.getMessage());
  }

  private Set<Path> watchedFiles() {
    Set<Path> files = new LinkedHashSet<>();
    if (configFile != null) {
      files.add(configFile);
    }
    files.addAll(tls.files(runtime.application()));
    return files;
  }
}
