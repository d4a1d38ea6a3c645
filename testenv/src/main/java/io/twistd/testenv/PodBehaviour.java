package io.twistd.testenv;

/** What a {@link NodeAgent} makes of a Pod, standing in for the kubelet and its containers. */
public enum PodBehaviour {

  /** Bound to the node, Running, every container started and Ready. */
  READY,

  /** Bound to the node and Running, but no container ever passes its readiness probe. */
  NEVER_READY,

  /**
   * Bound to the node and Running, every container waiting in {@code CrashLoopBackOff} after its
   * last run ended with exit code 1.
   */
  CRASH_LOOP_BACK_OFF,

  /** Never bound: the Pod stays Pending, as when no node fits it. */
  UNSCHEDULABLE
}
