package io.twistd.testenv.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Whether this host can run a process node: Linux, root (network namespaces, veth pairs, mounts),
 * and the iproute2 and util-linux commands it drives.
 *
 * <p>Stateless and thread-safe.
 */
final class HostSupport {

  private static final List<String> COMMANDS =
      List.of("ip", "nsenter", "unshare", "mount", "setpriv");
  private static final List<String> PATH =
      List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

  private HostSupport() {}

  /** Why a process node cannot run here, or empty when it can. */
  static Optional<String> problem() {
    if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
      return Optional.of("the process node needs Linux (network and mount namespaces)");
    }
    if (!isRoot()) {
      return Optional.of(
          "the process node needs root: it creates network namespaces, veth pairs and mounts");
    }
    for (String command : COMMANDS) {
      if (PATH.stream().noneMatch(dir -> Files.isExecutable(Path.of(dir, command)))) {
        return Optional.of(
            "the process node needs '" + command + "' (packages iproute2 and util-linux)");
      }
    }
    HostCommands.Result probe =
        HostCommands.attempt("unshare", "--net", "--mount", "--uts", "true");
    if (!probe.succeeded()) {
      return Optional.of(
          "this host does not allow new network and mount namespaces: " + probe.output().strip());
    }
    return Optional.empty();
  }

  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0");
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }
}
