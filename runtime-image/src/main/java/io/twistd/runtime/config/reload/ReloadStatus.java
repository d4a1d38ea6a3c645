package io.twistd.runtime.config.reload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What live reloading has done, for {@code /status} and {@code /metrics}: the configuration in
 * force and when it was applied, the last refused reload and the last refused TLS key pair, and
 * what a reload changed that only a restart applies. Counts reloads in {@code
 * twistd.config.reloads} (tag {@code outcome}: {@code applied}, {@code invalid}, {@code failed})
 * and TLS reloads in {@code twistd.tls.reloads} ({@code applied}, {@code failed}).
 *
 * <p>Thread-safe.
 */
public final class ReloadStatus {

  private final Counter applied;
  private final Counter invalid;
  private final Counter failed;
  private final Counter tlsApplied;
  private final Counter tlsFailed;
  private volatile Instant appliedAt;
  private volatile String configHash;
  private volatile ReloadError lastReloadError;
  private volatile ReloadError lastTlsReloadError;
  private volatile List<String> restartRequired = List.of();

  /**
   * Registers the counters, at zero.
   *
   * @param registry where the meters go
   * @param startedAt when the first configuration was applied
   */
  public ReloadStatus(MeterRegistry registry, Instant startedAt) {
    this.appliedAt = startedAt;
    this.applied = reloads(registry, "twistd.config.reloads", "applied");
    this.invalid = reloads(registry, "twistd.config.reloads", "invalid");
    this.failed = reloads(registry, "twistd.config.reloads", "failed");
    this.tlsApplied = reloads(registry, "twistd.tls.reloads", "applied");
    this.tlsFailed = reloads(registry, "twistd.tls.reloads", "failed");
    Gauge.builder("twistd.config.applied.timestamp", this, s -> s.appliedAt.toEpochMilli() / 1e3)
        .description("When the configuration in force was applied, in seconds since the epoch")
        .baseUnit("seconds")
        .register(registry);
  }

  private static Counter reloads(MeterRegistry registry, String name, String outcome) {
    return Counter.builder(name)
        .description("Live reloads, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  /**
   * Records an applied configuration; clears the last reload error.
   *
   * @param restartRequired the settings it changed that only a restart applies, e.g. {@code
   *     admin.listen}; they accumulate until a restart
   */
  public synchronized void applied(Instant at, List<String> restartRequired) {
    applied.increment();
    appliedAt = at;
    lastReloadError = null;
    List<String> pending = new java.util.ArrayList<>(this.restartRequired);
    restartRequired.stream().filter(setting -> !pending.contains(setting)).forEach(pending::add);
    this.restartRequired = List.copyOf(pending);
  }

  /** Records a file that failed validation; nothing changed. */
  public void invalid(ReloadError error) {
    invalid.increment();
    lastReloadError = error;
  }

  /** Records a valid configuration that could not be applied; the previous one still runs. */
  public void failed(ReloadError error) {
    failed.increment();
    lastReloadError = error;
  }

  /**
   * Clears the last reload error without counting a reload: the file is back to the configuration
   * in force, so the refused one is no longer pending.
   */
  public void clearError() {
    lastReloadError = null;
  }

  /** Records the content hash of the configuration file in force. */
  public void configHash(String hash) {
    configHash = hash;
  }

  /** Records a TLS key pair put in force; clears the last TLS error. */
  public void tlsApplied() {
    tlsApplied.increment();
    lastTlsReloadError = null;
  }

  /** Records a TLS key pair refused; the previous pair still serves. */
  public void tlsFailed(ReloadError error) {
    tlsFailed.increment();
    lastTlsReloadError = error;
  }

  /** When the configuration in force was applied. */
  public Instant appliedAt() {
    return appliedAt;
  }

  /** The last refused reload, or null when the last one was applied (or there was none). */
  public ReloadError lastReloadError() {
    return lastReloadError;
  }

  /** The last refused TLS key pair, or null. */
  public ReloadError lastTlsReloadError() {
    return lastTlsReloadError;
  }

  /** The {@code /status} entries: appliedAt, configHash, lastReloadError, and so on. */
  public Map<String, Object> toStatus() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("appliedAt", appliedAt.toString());
    out.put("configHash", configHash);
    ReloadError error = lastReloadError;
    out.put("lastReloadError", error == null ? null : error.toStatus());
    ReloadError tlsError = lastTlsReloadError;
    out.put("lastTlsReloadError", tlsError == null ? null : tlsError.toStatus());
    out.put("restartRequired", restartRequired);
    return out;
  }
}
