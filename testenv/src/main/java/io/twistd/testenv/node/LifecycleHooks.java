package io.twistd.testenv.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a container's preStop hook: a {@code sleep}, an HTTP GET or a command in the container, each
 * as the kubelet runs it; the hook's result does not matter, only that it has ended.
 *
 * <p>Thread-safe.
 */
final class LifecycleHooks {

  private static final Logger LOG = LoggerFactory.getLogger(LifecycleHooks.class);
  private static final int HOOK_TIMEOUT_SECONDS = 30;

  private final ProbeCheck checks;
  private final Executor executor;

  LifecycleHooks(ProbeCheck checks, Executor executor) {
    this.checks = checks;
    this.executor = executor;
  }

  /**
   * Runs {@code handler} for {@code container}; completes when it has ended, never exceptionally.
   */
  CompletableFuture<Void> preStop(
      LifecycleHandler handler, Container container, Pod pod, ContainerProcess process) {
    if (handler.getSleep() != null) {
      long seconds = handler.getSleep().getSeconds();
      // the hook's own action is to wait: a delayed executor does it without holding a thread
      return CompletableFuture.runAsync(
          () -> {}, CompletableFuture.delayedExecutor(seconds, TimeUnit.SECONDS, executor));
    }
    Probe asProbe =
        new ProbeBuilder()
            .withHttpGet(handler.getHttpGet())
            .withExec(handler.getExec())
            .withTcpSocket(handler.getTcpSocket())
            .withTimeoutSeconds(HOOK_TIMEOUT_SECONDS)
            .build();
    String podIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    return checks
        .run(asProbe, container, podIp, process.pid())
        .thenAccept(
            ok -> {
              if (!ok) {
                LOG.warn("container {}: preStop hook failed", container.getName());
              }
            });
  }
}
