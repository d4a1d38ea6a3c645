package io.twistd.bench.operator;

import io.twistd.bench.proc.ProcStats;
import java.nio.file.Path;
import java.util.List;

/**
 * The CPU time of the control plane this harness started (its kube-apiserver and etcd, found among
 * the harness's own descendants, so another control plane on the machine does not count): how much
 * of the machine's two cores the API server's side of a step took.
 */
final class ControlPlaneCpu {

  private static final List<String> COMMANDS = List.of("kube-apiserver", "etcd");

  private final List<Long> pids;

  private ControlPlaneCpu(List<Long> pids) {
    this.pids = pids;
  }

  /** Finds the control plane's processes; fails if there is none. */
  static ControlPlaneCpu find() {
    List<Long> pids =
        ProcessHandle.current()
            .descendants()
            .filter(
                p ->
                    p.info()
                        .command()
                        .map(c -> COMMANDS.contains(Path.of(c).getFileName().toString()))
                        .orElse(false))
            .map(ProcessHandle::pid)
            .toList();
    if (pids.isEmpty()) {
      throw new IllegalStateException(
          "no kube-apiserver or etcd among this harness's child processes");
    }
    return new ControlPlaneCpu(pids);
  }

  /** CPU time used so far by the API server and etcd together, in seconds. */
  double seconds() {
    return pids.stream().mapToLong(ProcStats::cpuNanos).sum() / 1e9;
  }
}
