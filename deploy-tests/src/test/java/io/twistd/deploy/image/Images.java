package io.twistd.deploy.image;

import java.nio.file.Path;

/** The project's images: their Dockerfiles and how their files lie on this host. */
final class Images {

  static final String RUNTIME = "runtime-image";
  static final String OPERATOR = "operator";
  static final String GREETER = "examples/plugin-greeter";

  private Images() {}

  static Dockerfile runtime() {
    return Dockerfile.in(RUNTIME);
  }

  static Dockerfile operator() {
    return Dockerfile.in(OPERATOR);
  }

  static Dockerfile greeter() {
    return Dockerfile.in(GREETER);
  }

  /**
   * The files of the image built in {@code contextDir}: its own copies, after those of the runtime
   * image when it is built on that one (as the greeter is).
   */
  static HostLayout layout(String contextDir, Path scratch) {
    HostLayout layout = new HostLayout(scratch);
    if (contextDir.equals(GREETER)) {
      layout.copiesOf(runtime());
    }
    return layout.copiesOf(Dockerfile.in(contextDir));
  }
}
