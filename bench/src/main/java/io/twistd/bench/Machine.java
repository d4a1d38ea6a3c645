package io.twistd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the results were measured on: CPUs, model, kernel, and the versions of what ran. */
final class Machine {

  private Machine() {}

  /** One Markdown paragraph describing this machine and the software versions. */
  static String describe(String twistd) {
    return String.join(
        "\n",
        "- CPUs: %d (`nproc`), %s"
            .formatted(Runtime.getRuntime().availableProcessors(), cpuModel()),
        "- kernel: Linux %s".formatted(read("/proc/sys/kernel/osrelease")),
        "- Java: %s (%s)"
            .formatted(
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.name")),
        "- nginx: %s".formatted(firstLine(List.of("nginx", "-v"))),
        "- twistd: %s".formatted(firstLine(List.of(twistd, "--version"))),
        "- wrk: %s".formatted(firstLine(List.of("wrk", "-v"))));
  }

  private static String cpuModel() {
    return read("/proc/cpuinfo")
        .lines()
        .filter(line -> line.startsWith("model name"))
        .map(line -> line.substring(line.indexOf(':') + 1).trim())
        .findFirst()
        .orElse("unknown model");
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file)).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String firstLine(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes()).trim();
      process.waitFor();
      return output.lines().findFirst().orElse("unknown");
    } catch (IOException e) {
      return "not found";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
