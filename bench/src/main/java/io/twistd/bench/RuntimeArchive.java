package io.twistd.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The class-data-sharing archive the runtime's image records at build time, recorded here the same
 * way (the Dockerfile's training run: {@code train} on {@code cds-training.yaml}) so that the
 * runtime is measured as its pods start it. Without it the runtime would be measured with a JVM the
 * image never runs.
 */
final class RuntimeArchive {

  private static final Logger log = LoggerFactory.getLogger(RuntimeArchive.class);

  private RuntimeArchive() {}

  /** Records {@link BenchContext#runtimeArchive()}; throws when the training run fails. */
  static void record(BenchContext context) throws IOException, InterruptedException {
    Path archive = context.runtimeArchive();
    Files.deleteIfExists(archive);
    List<String> command =
        List.of(
            "java",
            "@" + context.jvmOptions(),
            "-Xlog:cds=error",
            "-XX:ArchiveClassesAtExit=" + archive,
            "-jar",
            context.runtimeJar().toString(),
            "train",
            context
                .repository()
                .resolve("runtime-image/src/main/docker/cds-training.yaml")
                .toString());
    Path output = context.work().resolve("cds-training.log");
    Process training =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!training.waitFor(2, TimeUnit.MINUTES)
        || training.exitValue() != 0
        || !Files.isRegularFile(archive)) {
      training.destroyForcibly();
      throw new IllegalStateException(
          "the training run did not record " + archive + "; see " + output);
    }
    log.info(
        "recorded the runtime's class-data-sharing archive ({} MiB)", Files.size(archive) >> 20);
  }
}
