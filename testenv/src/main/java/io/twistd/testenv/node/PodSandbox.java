package io.twistd.testenv.node;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pod's network: its own network namespace with loopback and {@code eth0}, the pod address on
 * {@code eth0} and a default route through the node's bridge, which the host end of a veth pair
 * joins. Containers enter it with {@code nsenter --net=}{@link #namespacePath()}.
 *
 * <p>{@link #close()} kills whatever still runs in the namespace, then removes the veth pair and
 * the namespace. Thread-safe.
 */
final class PodSandbox implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PodSandbox.class);

  private final String namespace;
  private final String veth;
  private final String address;
  private final Runnable release;
  private boolean closed;

  private PodSandbox(String namespace, String veth, String address, Runnable release) {
    this.namespace = namespace;
    this.veth = veth;
    this.address = address;
    this.release = release;
  }

  /** Creates the namespace and veth pair of pod slot {@code slot} of {@code block}. */
  static PodSandbox create(AddressBlock block, int slot, Runnable release) {
    String namespace = block.namespacePrefix() + slot;
    String veth = block.vethPrefix() + slot;
    String address = block.address(slot);
    PodSandbox sandbox = new PodSandbox(namespace, veth, address, release);
    try {
      HostCommands.run("ip", "netns", "add", namespace);
      HostCommands.run(
          "ip", "link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", namespace);
      HostCommands.run("ip", "link", "set", veth, "master", block.bridge());
      HostCommands.run("ip", "link", "set", veth, "up");
      HostCommands.run("ip", "-n", namespace, "link", "set", "lo", "up");
      HostCommands.run(
          "ip",
          "-n",
          namespace,
          "addr",
          "add",
          address + "/" + block.prefixLength(),
          "dev",
          "eth0");
      HostCommands.run("ip", "-n", namespace, "link", "set", "eth0", "up");
      HostCommands.run(
          "ip", "-n", namespace, "route", "add", "default", "via", block.gateway(), "dev", "eth0");
      LOG.debug("sandbox {} at {}", namespace, address);
      return sandbox;
    } catch (RuntimeException e) {
      sandbox.close();
      throw e;
    }
  }

  /** The pod's IP address. */
  String address() {
    return address;
  }

  /** The name of the network namespace, as {@code ip netns} lists it. */
  String namespace() {
    return namespace;
  }

  /** The file that stands for the network namespace, for {@code nsenter --net=}. */
  Path namespacePath() {
    return Path.of("/run/netns", namespace);
  }

  /** Kills (SIGKILL) every process whose network namespace is {@code namespace}. */
  static void killProcessesIn(String namespace) {
    HostCommands.Result pids = HostCommands.attempt("ip", "netns", "pids", namespace);
    if (!pids.succeeded()) {
      return;
    }
    for (String pid : pids.output().split("\\s+")) {
      if (!pid.isBlank()) {
        LOG.warn("killing process {} left in network namespace {}", pid, namespace);
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /** Removes the namespace and veth pair, killing what still runs there. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    killProcessesIn(namespace);
    HostCommands.attempt("ip", "link", "del", veth);
    HostCommands.attempt("ip", "netns", "del", namespace);
    release.run();
  }
}
