package io.twistd.testenv.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The identity a container's process takes, from the pod's and container's security contexts (the
 * container's settings win): user, group, supplementary groups (the fsGroup and supplementalGroups)
 * and whether it may gain privileges.
 *
 * @param uid the user id
 * @param gid the group id; 0 when neither context names one, as for an image without a passwd entry
 * @param groups the supplementary groups
 * @param noNewPrivileges whether {@code allowPrivilegeEscalation} is false
 */
record RunAs(long uid, long gid, List<Long> groups, boolean noNewPrivileges) {

  /** The identity for {@code container} of {@code pod}; empty when it runs as root unchanged. */
  static Optional<RunAs> of(Pod pod, Container container) {
    PodSecurityContext podContext = pod.getSpec().getSecurityContext();
    SecurityContext own = container.getSecurityContext();
    Long uid =
        first(
            own == null ? null : own.getRunAsUser(),
            podContext == null ? null : podContext.getRunAsUser());
    Long gid =
        first(
            own == null ? null : own.getRunAsGroup(),
            podContext == null ? null : podContext.getRunAsGroup());
    boolean noNewPrivileges =
        own != null && Boolean.FALSE.equals(own.getAllowPrivilegeEscalation());
    if ((uid == null || uid == 0) && (gid == null || gid == 0) && !noNewPrivileges) {
      return Optional.empty();
    }
    List<Long> groups = new ArrayList<>();
    if (podContext != null) {
      if (podContext.getFsGroup() != null) {
        groups.add(podContext.getFsGroup());
      }
      if (podContext.getSupplementalGroups() != null) {
        groups.addAll(podContext.getSupplementalGroups());
      }
    }
    return Optional.of(
        new RunAs(
            uid == null ? 0 : uid, gid == null ? 0 : gid, List.copyOf(groups), noNewPrivileges));
  }

  /** The {@code setpriv} command line that switches to this identity and runs what follows. */
  List<String> setpriv() {
    List<String> command = new ArrayList<>();
    command.add("setpriv");
    command.add("--reuid=" + uid);
    command.add("--regid=" + gid);
    if (groups.isEmpty()) {
      command.add("--clear-groups");
    } else {
      command.add("--groups=" + String.join(",", groups.stream().map(String::valueOf).toList()));
    }
    if (noNewPrivileges) {
      command.add("--no-new-privs");
    }
    command.add("--");
    return command;
  }

  private static Long first(Long preferred, Long fallback) {
    return preferred != null ? preferred : fallback;
  }
}
