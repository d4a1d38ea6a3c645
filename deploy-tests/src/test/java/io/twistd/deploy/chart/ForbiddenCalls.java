package io.twistd.deploy.chart;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every request the API server refused with 403 Forbidden, as "METHOD path", whatever the
 * caller did with the error afterwards (logged it, retried it, swallowed it). Thread-safe.
 */
final class ForbiddenCalls implements Interceptor {

  private final List<String> calls = new CopyOnWriteArrayList<>();

  @Override
  public void after(
      HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> body) {
    if (response.code() == 403) {
      calls.add(request.method() + " " + request.uri().getRawPath());
    }
  }

  /** The refused requests so far, oldest first. */
  List<String> calls() {
    return List.copyOf(calls);
  }
}
