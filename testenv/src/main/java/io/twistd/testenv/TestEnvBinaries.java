package io.twistd.testenv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * Where the control-plane binaries built by {@code scripts/testenv} live.
 *
 * <p>The layout is the one {@code io.fabric8:kube-api-test} reads in offline mode: {@code
 * <root>/k8s/<version>-linux-amd64/{etcd,kube-apiserver,kubectl,kube-controller-manager,helm}},
 * with the version in {@code <root>/VERSION}. The root is, in order: the system property {@value
 * #DIR_PROPERTY}, the environment variable {@value #DIR_ENV}, {@code
 * $XDG_CACHE_HOME/twistd-testenv}, {@code ~/.cache/twistd-testenv}.
 *
 * <p>Instances are immutable. Every accessor of a binary throws {@link IllegalStateException} with
 * the instruction to run {@code scripts/testenv} when that binary is missing.
 */
public final class TestEnvBinaries {

  /** Environment variable naming the root directory, shared with kube-api-test. */
  public static final String DIR_ENV = "KUBE_API_TEST_DIR";

  /** System property naming the root directory; wins over {@link #DIR_ENV}. */
  public static final String DIR_PROPERTY = "twistd.testenv.dir";

  private static final String PLATFORM = "linux-amd64";

  private final Path root;
  private final String version;
  private final Path directory;

  private TestEnvBinaries(Path root, String version) {
    this.root = root;
    this.version = version;
    this.directory = root.resolve("k8s").resolve(version + "-" + PLATFORM);
  }

  /**
   * Locates the binaries from this JVM's system properties and environment.
   *
   * @throws IllegalStateException when no {@code VERSION} file is found
   */
  public static TestEnvBinaries locate() {
    return locate(System::getenv, System.getProperty(DIR_PROPERTY));
  }

  /**
   * Locates the binaries from the given environment lookup and directory property.
   *
   * @param env the environment, e.g. {@code System::getenv}
   * @param dirProperty the value of {@link #DIR_PROPERTY}, or null
   * @throws IllegalStateException when no {@code VERSION} file is found
   */
  static TestEnvBinaries locate(UnaryOperator<String> env, String dirProperty) {
    Path root = rootDirectory(env, dirProperty);
    Path versionFile = root.resolve("VERSION");
    if (!Files.isRegularFile(versionFile)) {
      throw missing("no VERSION file at " + versionFile);
    }
    try {
      String version = Files.readString(versionFile).strip();
      if (version.startsWith("v")) {
        version = version.substring(1);
      }
      return new TestEnvBinaries(root, version);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + versionFile, e);
    }
  }

  private static Path rootDirectory(UnaryOperator<String> env, String dirProperty) {
    if (dirProperty != null && !dirProperty.isBlank()) {
      return Path.of(dirProperty);
    }
    String fromEnv = env.apply(DIR_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    String cacheHome = env.apply("XDG_CACHE_HOME");
    if (cacheHome != null && !cacheHome.isBlank()) {
      return Path.of(cacheHome, "twistd-testenv");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "twistd-testenv");
  }

  private static IllegalStateException missing(String what) {
    return new IllegalStateException(
        "Kubernetes test binaries not found: "
            + what
            + ". Run `bash scripts/testenv` from the repository root to build them"
            + " (or point "
            + DIR_ENV
            + " at a directory that holds them).");
  }

  /** The root directory: what {@value #DIR_ENV} names. */
  public Path root() {
    return root;
  }

  /** The Kubernetes version, without a leading {@code v}, e.g. {@code 1.34.4}. */
  public String version() {
    return version;
  }

  /** The directory holding the binaries of {@link #version()}. */
  public Path directory() {
    return directory;
  }

  /** The etcd binary. */
  public Path etcd() {
    return require("etcd");
  }

  /** The kube-apiserver binary. */
  public Path kubeApiServer() {
    return require("kube-apiserver");
  }

  /** The kube-controller-manager binary. */
  public Path kubeControllerManager() {
    return require("kube-controller-manager");
  }

  /** The kubectl binary. */
  public Path kubectl() {
    return require("kubectl");
  }

  /** The helm binary. */
  public Path helm() {
    return require("helm");
  }

  private Path require(String name) {
    Path binary = directory.resolve(name);
    if (!Files.isExecutable(binary)) {
      throw missing("no executable " + binary);
    }
    return binary;
  }
}
