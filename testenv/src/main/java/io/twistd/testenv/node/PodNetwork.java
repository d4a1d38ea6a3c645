package io.twistd.testenv.node;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process node's pod network on the host: a bridge holding the gateway address of an {@link
 * AddressBlock}, and one {@link PodSandbox} (network namespace and veth pair) per pod, plugged into
 * it. Pods reach each other and the host over the bridge; the host reaches every pod address
 * through the bridge's connected route. Nothing is forwarded beyond the bridge: the host's
 * forwarding setting is left as it is, so pod traffic never leaves the machine.
 *
 * <p>Opening the network first removes what a previous owner of the same block left behind when its
 * JVM died: processes, namespaces and links with the block's names. Thread-safe.
 */
final class PodNetwork implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PodNetwork.class);

  private final AddressBlock block;
  private boolean closed;

  private PodNetwork(AddressBlock block) {
    this.block = block;
  }

  /** Claims a block, clears its leftovers and creates its bridge. */
  static PodNetwork open() {
    AddressBlock block = AddressBlock.claim();
    PodNetwork network = new PodNetwork(block);
    try {
      network.removeLeftovers();
      HostCommands.run("ip", "link", "add", block.bridge(), "type", "bridge");
      HostCommands.run(
          "ip", "addr", "add", block.gateway() + "/" + block.prefixLength(), "dev", block.bridge());
      HostCommands.run("ip", "link", "set", block.bridge(), "up");
      LOG.info("pod network {}/{} on bridge {}", block.gateway(), 24, block.bridge());
      return network;
    } catch (RuntimeException e) {
      network.close();
      throw e;
    }
  }

  /** The bridge's name. */
  String bridge() {
    return block.bridge();
  }

  /** The node's address on the pod network, which every pod reaches. */
  String hostAddress() {
    return block.gateway();
  }

  /**
   * Creates the network namespace of a new pod with its own address.
   *
   * @throws IllegalStateException when an {@code ip} command fails
   */
  PodSandbox createSandbox() {
    int slot = block.reserveSlot();
    try {
      return PodSandbox.create(block, slot, () -> block.releaseSlot(slot));
    } catch (RuntimeException e) {
      block.releaseSlot(slot);
      throw e;
    }
  }

  /**
   * What of this network exists on the host now: the bridge, namespaces and links with the block's
   * names, as {@code kind name}. Read from the host, not from memory.
   */
  List<String> hostFootprint() {
    List<String> found = new ArrayList<>();
    namespaces().forEach(ns -> found.add("netns " + ns));
    links().forEach(link -> found.add("link " + link));
    return found;
  }

  /** Deletes the bridge and whatever pod namespaces and links are left. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      removeLeftovers();
    } finally {
      block.close();
    }
  }

  private void removeLeftovers() {
    for (String namespace : namespaces()) {
      LOG.info("removing network namespace {}", namespace);
      PodSandbox.killProcessesIn(namespace);
      HostCommands.attempt("ip", "netns", "del", namespace);
    }
    for (String link : links()) {
      LOG.info("removing link {}", link);
      HostCommands.attempt("ip", "link", "del", link);
    }
  }

  private List<String> namespaces() {
    List<String> names = new ArrayList<>();
    for (String line : HostCommands.run("ip", "netns", "list").split("\n")) {
      String name = line.strip().split("\\s+")[0];
      if (name.startsWith(block.namespacePrefix())) {
        names.add(name);
      }
    }
    return names;
  }

  private List<String> links() {
    List<String> names = new ArrayList<>();
    for (String line : HostCommands.run("ip", "-o", "link", "show").split("\n")) {
      // "12: twv3p2@if2: <BROADCAST,...": the name ends at '@' or ':'
      String[] fields = line.split(":\\s+", 3);
      if (fields.length < 2) {
        continue;
      }
      String name = fields[1].split("@")[0];
      if (name.startsWith(block.vethPrefix()) || name.equals(block.bridge())) {
        names.add(name);
      }
    }
    // veths first: deleting the bridge while ports remain is fine, but the order reads better
    names.sort((a, b) -> Boolean.compare(a.equals(block.bridge()), b.equals(block.bridge())));
    return names;
  }
}
