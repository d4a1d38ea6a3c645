package io.twistd.testenv.node;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a process node runs for a container image: the image's entrypoint and default command (as
 * its {@code ENTRYPOINT} and {@code CMD} say), and the image's own files, each a host file that
 * appears read-only at its path in the image. Programs named by absolute host paths (a JDK's {@code
 * java}) run from the host as they are.
 *
 * @param entrypoint the command line's start; a container's {@code command} replaces it
 * @param cmd the default arguments; a container's {@code args} (or {@code command}) replaces them
 * @param files image path (absolute) to host file
 */
public record ContainerImage(List<String> entrypoint, List<String> cmd, Map<String, Path> files) {

  public ContainerImage {
    entrypoint = List.copyOf(entrypoint);
    cmd = List.copyOf(cmd);
    files = Map.copyOf(files);
    for (String path : files.keySet()) {
      if (!path.startsWith("/")) {
        throw new IllegalArgumentException("image file path '" + path + "' is not absolute");
      }
    }
  }

  /**
   * The command line of a container that sets {@code command} and {@code args} (either may be
   * empty), by Kubernetes' rules: {@code command} replaces the entrypoint and drops the default
   * arguments; {@code args} replaces the default arguments.
   */
  public List<String> commandLine(List<String> command, List<String> args) {
    List<String> start = command.isEmpty() ? entrypoint : command;
    List<String> rest = !args.isEmpty() ? args : command.isEmpty() ? cmd : List.of();
    return java.util.stream.Stream.concat(start.stream(), rest.stream()).toList();
  }
}
