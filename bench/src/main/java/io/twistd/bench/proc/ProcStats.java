package io.twistd.bench.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the kernel says a process has used, from {@code /proc}: CPU time (user plus system, every
 * thread) and resident memory. Read from outside, so the load client's own CPU share does not blur
 * a server's figure.
 */
public final class ProcStats {

  /** {@code sysconf(_SC_CLK_TCK)}: 100 on every Linux this runs on. */
  private static final long TICKS_PER_SECOND = 100;

  private ProcStats() {}

  /** CPU time the process has used so far, user plus system, in nanoseconds. */
  public static long cpuNanos(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    // the command name (field 2) may hold spaces: count fields after its closing parenthesis
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    return ticks * 1_000_000_000L / TICKS_PER_SECOND;
  }

  /** Resident memory now ({@code VmRSS}), in KiB. */
  public static long rssKib(long pid) {
    return statusField(pid, "VmRSS:");
  }

  /** The most resident memory so far ({@code VmHWM}), in KiB. */
  public static long peakRssKib(long pid) {
    return statusField(pid, "VmHWM:");
  }

  private static long statusField(long pid, String name) {
    for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
      if (line.startsWith(name)) {
        return Long.parseLong(line.substring(name.length()).replace("kB", "").trim());
      }
    }
    throw new IllegalStateException("no " + name + " in /proc/" + pid + "/status");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " (has the process exited?)", e);
    }
  }
}
