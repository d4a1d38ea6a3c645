package io.twistd.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where everything a benchmark needs is, and how it runs: the runtime jar and the image's JVM
 * flags, the CPUs servers and load clients are pinned to, the work directory, and the results.
 *
 * @param repository the repository root
 * @param work a scratch directory for logs, web roots and configs
 * @param mode how long and how often to measure
 * @param serverCpus the {@code taskset -c} list servers run on
 * @param clientCpus the {@code taskset -c} list load clients run on
 * @param twistd the twistd executable ({@code twistd3} from Debian, {@code twistd} from PyPI)
 * @param results where figures go
 */
public record BenchContext(
    Path repository,
    Path work,
    Mode mode,
    String serverCpus,
    String clientCpus,
    String twistd,
    Results results) {

  public Path runtimeJar() {
    return repository.resolve("runtime-image/target/twistd-runtime.jar");
  }

  /** The argfile the runtime's image passes to {@code java}. */
  public Path jvmOptions() {
    return repository.resolve("runtime-image/src/main/jvm/jvm.options");
  }

  /** The argfile the operator's image passes to {@code java}. */
  public Path operatorJvmOptions() {
    return repository.resolve("operator/src/main/jvm/jvm.options");
  }

  /** The Helm chart's values, where the operator's pod gets its memory limit. */
  public Path chartValues() {
    return repository.resolve("helm/twistd-operator/values.yaml");
  }

  public Path operatorJar() {
    return repository.resolve("operator/target/twistd-operator.jar");
  }

  public Path crd() {
    return repository.resolve("crds/twistedapplications.twistd.io-v1.yml");
  }

  /** This harness's own jar, for the load clients and the raw Netty server it starts. */
  public Path benchJar() {
    try {
      return Path.of(
          BenchContext.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The runtime's class-data-sharing archive, as its image records it ({@link RuntimeArchive}). */
  public Path runtimeArchive() {
    return work.resolve("twistd-runtime.jsa");
  }

  /**
   * {@code java @jvm.options -XX:SharedArchiveFile=… -jar twistd-runtime.jar} followed by {@code
   * args}: the image's ENTRYPOINT.
   */
  public List<String> runtimeCommand(String... args) {
    List<String> command = new ArrayList<>();
    command.add("java");
    command.add("@" + jvmOptions());
    command.add("-XX:SharedArchiveFile=" + runtimeArchive());
    command.add("-jar");
    command.add(runtimeJar().toString());
    command.addAll(List.of(args));
    return command;
  }

  /**
   * {@code java} running {@code mainClass} of this harness: with the image's JVM flags for a server
   * that stands beside the runtime (so that both get the same JVM), with the JVM's defaults for a
   * load client.
   */
  public List<String> benchJavaCommand(boolean imageFlags, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add("java");
    if (imageFlags) {
      command.add("@" + jvmOptions());
    }
    command.add("-cp");
    command.add(benchJar().toString());
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }
}
