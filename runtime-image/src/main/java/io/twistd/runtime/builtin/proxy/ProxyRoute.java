package io.twistd.runtime.builtin.proxy;

import java.time.Duration;

/**
 * Where and how a {@code proxy} service forwards: shared by every exchange of one service start.
 *
 * @param service the service's path, for logs
 * @param upstream the upstream server
 * @param pool its keep-alive connections
 * @param readTimeout the longest wait for the next piece of a response
 */
record ProxyRoute(String service, Upstream upstream, UpstreamPool pool, Duration readTimeout) {}
