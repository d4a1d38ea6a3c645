package io.twistd.runtime.service;

/** Where a service is in its life. */
public enum ServiceState {
  /** Created, or stopped; may be started. */
  STOPPED,
  /** {@link Service#start()} was called and has not completed yet. */
  STARTING,
  /** Started and serving. */
  RUNNING,
  /** {@link Service#stop()} was called and has not completed yet. */
  STOPPING,
  /** Starting failed; the service holds no resources and may be started again. */
  FAILED
}
