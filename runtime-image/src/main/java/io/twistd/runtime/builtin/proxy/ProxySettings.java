package io.twistd.runtime.builtin.proxy;

import io.twistd.runtime.plugin.ServiceOptions;
import java.time.Duration;

/**
 * Where and how a {@code proxy} service forwards, as its options say. Immutable; a proxy holds its
 * settings in one volatile field, so a reconfiguration replaces them as a whole.
 *
 * @param upstream where to forward
 * @param connectTimeout how long connecting upstream may take
 * @param readTimeout the longest wait for the next piece of a response
 * @param maxIdleConnections how many idle upstream connections to keep
 */
public record ProxySettings(
    Upstream upstream, Duration connectTimeout, Duration readTimeout, int maxIdleConnections) {

  /**
   * Reads the options {@code upstream}, {@code connectTimeout}, {@code readTimeout} and {@code
   * maxIdleConnections}.
   *
   * @throws IllegalArgumentException when the upstream is not a plain http:// URL or {@code
   *     maxIdleConnections} is negative
   */
  public static ProxySettings of(ServiceOptions options) {
    Upstream upstream = Upstream.of(options.url("upstream"));
    int maxIdle = options.integer("maxIdleConnections");
    if (maxIdle < 0) {
      throw new IllegalArgumentException(
          "option 'maxIdleConnections' must be 0 or more, got " + maxIdle);
    }
    return new ProxySettings(
        upstream, options.duration("connectTimeout"), options.duration("readTimeout"), maxIdle);
  }
}
