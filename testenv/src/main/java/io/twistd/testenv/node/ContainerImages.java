package io.twistd.testenv.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The images a process node can run, found by repository: {@code twistd/twistd-runtime} matches
 * {@code twistd/twistd-runtime:0.1.0}, {@code twistd/twistd-runtime:latest} and the same with a
 * digest. A Pod whose image is not here waits in {@code ErrImagePull}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ContainerImages {

  /** The runtime image's repository, as the operator names it. */
  public static final String TWISTD_RUNTIME = "twistd/twistd-runtime";

  private static final String RUNTIME_JAR = "runtime-image/target/twistd-runtime.jar";
  private static final String JVM_OPTIONS = "runtime-image/src/main/jvm/jvm.options";
  private static final String IMAGE_DIR = "/opt/twistd";

  private final Map<String, ContainerImage> byRepository;

  private ContainerImages(Map<String, ContainerImage> byRepository) {
    this.byRepository = Map.copyOf(byRepository);
  }

  /** The images of {@code byRepository}, keyed by repository without tag or digest. */
  public static ContainerImages of(Map<String, ContainerImage> byRepository) {
    return new ContainerImages(byRepository);
  }

  /**
   * The twistd runtime image as {@code runtime-image/Dockerfile} builds it, from a built checkout
   * at {@code projectRoot}: the jar and the JVM argfile at the image's paths, the entrypoint {@code
   * java @jvm.options -jar twistd-runtime.jar} (this JVM's {@code java}; no class-data archive,
   * which the image's {@code -Xshare:auto} does without) and the command {@code run
   * /etc/twistd/app.yaml}.
   *
   * @throws IllegalStateException when the runtime jar has not been built
   */
  public static ContainerImage twistdRuntime(Path projectRoot) {
    Path jar = projectRoot.resolve(RUNTIME_JAR).toAbsolutePath().normalize();
    Path options = projectRoot.resolve(JVM_OPTIONS).toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "the runtime jar "
              + jar
              + " is missing: build it with 'mvn -B -q -DskipTests package -pl runtime-image -am'");
    }
    if (!Files.isRegularFile(options)) {
      throw new IllegalStateException("the runtime's JVM argfile " + options + " is missing");
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ContainerImage(
        List.of(java, "@" + IMAGE_DIR + "/jvm.options", "-jar", IMAGE_DIR + "/twistd-runtime.jar"),
        List.of("run", "/etc/twistd/app.yaml"),
        Map.of(IMAGE_DIR + "/jvm.options", options, IMAGE_DIR + "/twistd-runtime.jar", jar));
  }

  /** The image {@code reference} names, if this node has it. */
  public Optional<ContainerImage> find(String reference) {
    return Optional.ofNullable(byRepository.get(repository(reference)));
  }

  /** {@code reference} without digest and tag. */
  static String repository(String reference) {
    String name = reference;
    int digest = name.indexOf('@');
    if (digest >= 0) {
      name = name.substring(0, digest);
    }
    int colon = name.lastIndexOf(':');
    if (colon > name.lastIndexOf('/')) {
      name = name.substring(0, colon);
    }
    return name;
  }
}
