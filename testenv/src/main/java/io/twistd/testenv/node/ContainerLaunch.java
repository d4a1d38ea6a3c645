package io.twistd.testenv.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The host command line that starts a container's process: it enters the pod's network namespace
 * ({@code nsenter}), makes a private mount and UTS namespace ({@code unshare}), where a shell makes
 * the mounts of a {@link MountPlan}, sets the pod's network sysctls and host name, changes to the
 * working directory and finally replaces itself with the container's command (through {@code
 * setpriv} when it runs as another user). No step forks, so the process the caller starts becomes
 * the container's main process and gets its signals.
 *
 * @param networkNamespace the file of the pod's network namespace
 * @param scratch an empty host directory for the namespace's own tmpfs
 * @param hostname the pod's host name
 * @param mounts the planned mounts
 * @param sysctls {@code net.*} sysctls of the pod, name to value
 * @param workingDir the working directory in the container
 * @param runAs the identity to switch to, if any
 * @param commandLine the container's command and arguments
 */
record ContainerLaunch(
    Path networkNamespace,
    Path scratch,
    String hostname,
    MountPlan mounts,
    Map<String, String> sysctls,
    String workingDir,
    Optional<RunAs> runAs,
    List<String> commandLine) {

  /** The argument vector to start. */
  List<String> command() {
    List<String> script = new ArrayList<>();
    script.add("set -e");
    script.addAll(mounts.script(scratch));
    sysctls.forEach(
        (name, value) ->
            script.add(
                "printf '%s\\n' "
                    + Shell.quote(value)
                    + " > "
                    + Shell.quote("/proc/sys/" + name.replace('.', '/'))));
    script.add("hostname " + Shell.quote(hostname));
    script.add("cd " + Shell.quote(workingDir));
    script.add("exec \"$@\"");
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "nsenter",
            "--net=" + networkNamespace,
            "--",
            "unshare",
            "--mount",
            "--uts",
            "--propagation",
            "private",
            "--",
            "/bin/sh",
            "-c",
            String.join("\n", script),
            "container"));
    runAs.ifPresent(identity -> command.addAll(identity.setpriv()));
    command.addAll(commandLine);
    return command;
  }
}
