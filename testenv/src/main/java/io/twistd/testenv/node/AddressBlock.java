package io.twistd.testenv.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;

/**
 * One {@code /24} of the pod network {@code 10.244.0.0/16}, held by one process node at a time
 * across every JVM of the host: block {@code n} is held while its lock file {@code
 * /run/twistd-testenv/net/block-n.lock} is locked, and the operating system releases the lock when
 * the JVM ends, however it ends. So a block that can be locked has no live owner, and whatever its
 * names still show on the host is a leftover to remove.
 *
 * <p>The block names everything the node creates on the host: the bridge {@code twbrN} (the gateway
 * {@code 10.244.N.1}), and per pod slot {@code i} the network namespace {@code twistd-bN-pI}, the
 * host end of its veth pair {@code twvNpI} and the address {@code 10.244.N.I}.
 *
 * <p>Thread-safe.
 */
final class AddressBlock implements AutoCloseable {

  static final Path LOCK_DIR = Path.of("/run/twistd-testenv/net");
  private static final int BLOCKS = 256;
  private static final int FIRST_SLOT = 2;
  private static final int LAST_SLOT = 254;

  private final int index;
  private final FileChannel channel;
  private final FileLock lock;
  private final BitSet used = new BitSet();
  private int nextSlot = FIRST_SLOT;

  private AddressBlock(int index, FileChannel channel, FileLock lock) {
    this.index = index;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks the first free block.
   *
   * @throws IllegalStateException when every block is held
   */
  static AddressBlock claim() {
    try {
      Files.createDirectories(LOCK_DIR);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + LOCK_DIR, e);
    }
    for (int n = 0; n < BLOCKS; n++) {
      AddressBlock block = tryClaim(n);
      if (block != null) {
        return block;
      }
    }
    throw new IllegalStateException("all " + BLOCKS + " pod address blocks are in use");
  }

  private static AddressBlock tryClaim(int n) {
    Path file = LOCK_DIR.resolve("block-" + n + ".lock");
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new AddressBlock(n, channel, lock);
      }
    } catch (OverlappingFileLockException e) {
      // another node of this JVM holds it
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + file, e);
    }
    closeQuietly(channel);
    return null;
  }

  /** The block number N. */
  int index() {
    return index;
  }

  /** The bridge's name on the host. */
  String bridge() {
    return "twbr" + index;
  }

  /** The bridge's address, the pods' default gateway and the node's host IP. */
  String gateway() {
    return "10.244." + index + ".1";
  }

  /** The prefix length of the block. */
  int prefixLength() {
    return 24;
  }

  /** The prefix of every network namespace of this block. */
  String namespacePrefix() {
    return "twistd-b" + index + "-p";
  }

  /** The prefix of every host-side veth of this block. */
  String vethPrefix() {
    return "twv" + index + "p";
  }

  /**
   * Reserves a pod slot: the next free one after the last handed out, so an address is not reused
   * at once.
   *
   * @throws IllegalStateException when all 253 slots are in use
   */
  synchronized int reserveSlot() {
    for (int tried = 0; tried <= LAST_SLOT - FIRST_SLOT; tried++) {
      int slot = nextSlot;
      nextSlot = slot == LAST_SLOT ? FIRST_SLOT : slot + 1;
      if (!used.get(slot)) {
        used.set(slot);
        return slot;
      }
    }
    throw new IllegalStateException("all pod addresses of " + gateway() + "/24 are in use");
  }

  /** Makes {@code slot} free again. */
  synchronized void releaseSlot(int slot) {
    used.clear(slot);
  }

  /** The pod address of {@code slot}. */
  String address(int slot) {
    return "10.244." + index + "." + slot;
  }

  /** Releases the block to other nodes. Idempotent. */
  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } catch (IOException e) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing held
      }
    }
  }
}
