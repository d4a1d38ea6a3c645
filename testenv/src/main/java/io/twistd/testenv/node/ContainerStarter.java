package io.twistd.testenv.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a container of a pod into a started {@link ContainerProcess}: its image's command line with
 * the container's command and args, its environment, its volume mounts plus the image's files and
 * the pod's {@code /etc/hosts}, {@code /etc/hostname} and {@code /etc/resolv.conf}, the pod's
 * network sysctls and its user.
 *
 * <p>Stateless apart from its collaborators; used by pod worker threads.
 */
final class ContainerStarter {

  /** Why a container could not start, with the kubelet's waiting reason. */
  static final class StartException extends Exception {
    private final String reason;

    StartException(String reason, String message) {
      super(message);
      this.reason = reason;
    }

    String reason() {
      return reason;
    }
  }

  private final ContainerImages images;
  private final ObjectSource objects;
  private final String hostIp;

  ContainerStarter(ContainerImages images, ObjectSource objects, String hostIp) {
    this.images = images;
    this.objects = objects;
    this.hostIp = hostIp;
  }

  /** Writes the files every container of the pod sees under {@code /etc}. */
  static void writePodFiles(Path podDir, Pod pod, String podIp) {
    String name = pod.getMetadata().getName();
    try {
      Files.createDirectories(podDir.resolve("etc"));
      Files.writeString(
          podDir.resolve("etc/hosts"),
          "# Kubernetes-managed hosts file (testenv process node)\n"
              + "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
              + podIp
              + "\t"
              + name
              + "\n");
      Files.writeString(podDir.resolve("etc/hostname"), name + "\n");
      // no cluster DNS here: a lookup fails at once instead of waiting for the host's resolver
      Files.writeString(
          podDir.resolve("etc/resolv.conf"),
          "# the testenv process node has no cluster DNS\nnameserver 127.0.0.1\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the files of pod " + name, e);
    }
  }

  /**
   * Starts {@code container}.
   *
   * @throws StartException when its image, environment, mounts or sysctls cannot be had
   */
  ContainerProcess start(
      Pod pod, Container container, PodSandbox sandbox, PodVolumes volumes, Path podDir)
      throws StartException {
    ContainerImage image =
        images
            .find(container.getImage())
            .orElseThrow(
                () ->
                    new StartException(
                        "ErrImagePull",
                        "image \""
                            + container.getImage()
                            + "\" is not one the testenv process node can run"));
    Map<String, String> env;
    try {
      env = ContainerEnv.of(pod, container, sandbox.address(), hostIp, objects);
    } catch (ContainerEnv.EnvException e) {
      throw new StartException("CreateContainerConfigError", e.getMessage());
    }
    List<String> commandLine =
        image.commandLine(
            ContainerEnv.expandAll(list(container.getCommand()), env),
            ContainerEnv.expandAll(list(container.getArgs()), env));
    MountPlan mounts;
    try {
      mounts = MountPlan.of(mounts(container, image, volumes, podDir));
      mounts.prepareHost();
    } catch (IllegalArgumentException e) {
      throw new StartException("CreateContainerError", e.getMessage());
    }
    Path scratch = podDir.resolve("scratch").resolve(container.getName());
    Path logs = podDir.resolve("logs");
    try {
      Files.createDirectories(scratch);
      Files.createDirectories(logs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare container " + container.getName(), e);
    }
    ContainerLaunch launch =
        new ContainerLaunch(
            sandbox.namespacePath(),
            scratch,
            pod.getMetadata().getName(),
            mounts,
            sysctls(pod),
            container.getWorkingDir() == null || container.getWorkingDir().isEmpty()
                ? "/"
                : container.getWorkingDir(),
            RunAs.of(pod, container),
            commandLine);
    return ContainerProcess.start(
        pod.getMetadata().getNamespace()
            + "/"
            + pod.getMetadata().getName()
            + "/"
            + container.getName(),
        launch.command(),
        env,
        logs.resolve(container.getName() + ".log"));
  }

  private static List<BindMount> mounts(
      Container container, ContainerImage image, PodVolumes volumes, Path podDir)
      throws StartException {
    List<BindMount> mounts = new ArrayList<>();
    image.files().forEach((target, source) -> mounts.add(new BindMount(source, target, true)));
    for (String file : List.of("hosts", "hostname", "resolv.conf")) {
      mounts.add(new BindMount(podDir.resolve("etc").resolve(file), "/etc/" + file, false));
    }
    for (VolumeMount mount : list(container.getVolumeMounts())) {
      Path source = volumes.hostPath(mount.getName());
      if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
        source = source.resolve(mount.getSubPath()).normalize();
        if (!Files.exists(source)) {
          throw new StartException(
              "CreateContainerConfigError",
              "subPath "
                  + mount.getSubPath()
                  + " of volume "
                  + mount.getName()
                  + " does not exist");
        }
      }
      mounts.add(
          new BindMount(source, mount.getMountPath(), Boolean.TRUE.equals(mount.getReadOnly())));
    }
    return mounts;
  }

  private static Map<String, String> sysctls(Pod pod) throws StartException {
    Map<String, String> sysctls = new LinkedHashMap<>();
    PodSecurityContext security = pod.getSpec().getSecurityContext();
    List<Sysctl> requested =
        security == null || security.getSysctls() == null ? List.of() : security.getSysctls();
    for (Sysctl sysctl : requested) {
      if (!sysctl.getName().startsWith("net.")) {
        throw new StartException(
            "CreateContainerError",
            "sysctl "
                + sysctl.getName()
                + " is not per network namespace; the process node sets only net.*");
      }
      sysctls.put(sysctl.getName(), sysctl.getValue());
    }
    return sysctls;
  }

  private static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : values;
  }
}
