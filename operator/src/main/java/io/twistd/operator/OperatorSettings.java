package io.twistd.operator;

import java.util.Set;

/**
 * How the operator runs.
 *
 * @param namespaces the namespaces to watch; empty means every namespace
 * @param runtimeImage the runtime image for applications whose spec names none
 * @param leaderElection whether to take the Lease before reconciling (on when several replicas run)
 * @param leaseNamespace where the Lease lives
 * @param httpPort port of /healthz, /readyz and /metrics; 0 for any free port
 */
public record OperatorSettings(
    Set<String> namespaces,
    String runtimeImage,
    boolean leaderElection,
    String leaseNamespace,
    int httpPort) {

  /** The Lease's name. */
  public static final String LEASE_NAME = "twistd-operator";

  public OperatorSettings {
    namespaces = Set.copyOf(namespaces);
  }
}
