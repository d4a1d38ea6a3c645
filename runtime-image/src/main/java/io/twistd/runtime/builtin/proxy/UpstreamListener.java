package io.twistd.runtime.builtin.proxy;

import io.netty.handler.codec.http.HttpObject;

/**
 * Receives what happens on an upstream connection while one exchange holds it. Called on the
 * connection's event loop.
 */
interface UpstreamListener {

  /** A decoded piece of the response; the listener owns it and must release or pass it on. */
  void onResponse(HttpObject msg);

  /** The end of one read from the socket: a good moment to flush what was passed on. */
  void onReadComplete();

  /** The connection failed or closed before the response was complete. */
  void onUpstreamFailed(Throwable cause);
}
