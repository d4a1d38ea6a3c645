package io.twistd.testenv.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a container's mounts are made in its private mount namespace, without changing the host's
 * file system: a target that exists on the host is mounted over; a target nested in another mount
 * gets its mount point created in that mount's host source first (as a container runtime creates it
 * inside the volume); any other missing target gets its nearest existing ancestor directory covered
 * by an overlay whose writable layer is a tmpfs of the namespace, where the mount point is then
 * created. Targets are mounted parents first.
 *
 * <p>Immutable once built.
 */
final class MountPlan {

  private final List<BindMount> mounts;
  private final List<Path> overlays = new ArrayList<>();
  private final List<MountPoint> created = new ArrayList<>();
  private final List<MountPoint> nested = new ArrayList<>();

  /** A mount point to create: a directory, or an empty file for a file mount. */
  private record MountPoint(Path path, boolean file) {}

  private MountPlan(List<BindMount> mounts) {
    this.mounts =
        mounts.stream()
            .sorted(Comparator.comparingInt((BindMount m) -> Path.of(m.target()).getNameCount()))
            .toList();
  }

  /**
   * Plans {@code mounts}.
   *
   * @throws IllegalArgumentException when a target is not absolute, is mounted twice, or would need
   *     a new top-level directory on the host; the message names the target
   */
  static MountPlan of(List<BindMount> mounts) {
    MountPlan plan = new MountPlan(mounts);
    List<String> seen = new ArrayList<>();
    for (BindMount mount : plan.mounts) {
      Path target = Path.of(mount.target()).normalize();
      if (!target.isAbsolute()) {
        throw new IllegalArgumentException("mount path '" + mount.target() + "' is not absolute");
      }
      if (seen.contains(target.toString())) {
        throw new IllegalArgumentException("mount path '" + mount.target() + "' is mounted twice");
      }
      seen.add(target.toString());
      plan.place(mount, target);
    }
    return plan;
  }

  private void place(BindMount mount, Path target) {
    boolean file = Files.isRegularFile(mount.source());
    BindMount parent = enclosingMount(target);
    if (parent != null) {
      nested.add(
          new MountPoint(
              parent.source().resolve(Path.of(parent.target()).relativize(target).toString()),
              file));
      return;
    }
    if (Files.exists(target)) {
      return;
    }
    Path ancestor = target.getParent();
    while (ancestor != null && !Files.isDirectory(ancestor)) {
      ancestor = ancestor.getParent();
    }
    if (ancestor == null || ancestor.getNameCount() == 0) {
      throw new IllegalArgumentException(
          "mount path '"
              + mount.target()
              + "' needs a new top-level directory, which the process node cannot make without"
              + " changing the host");
    }
    Path covering = ancestor;
    if (overlays.stream().noneMatch(covering::startsWith)) {
      overlays.add(ancestor);
    }
    created.add(new MountPoint(target, file));
  }

  private BindMount enclosingMount(Path target) {
    BindMount found = null;
    for (BindMount other : mounts) {
      Path otherTarget = Path.of(other.target()).normalize();
      if (!otherTarget.equals(target)
          && target.startsWith(otherTarget)
          && Files.isDirectory(other.source())
          && (found == null || otherTarget.startsWith(Path.of(found.target())))) {
        found = other;
      }
    }
    return found;
  }

  /** Creates the mount points that live in other mounts' host sources. */
  void prepareHost() {
    for (MountPoint mountPoint : nested) {
      Path point = mountPoint.path();
      try {
        if (mountPoint.file()) {
          Files.createDirectories(point.getParent());
          if (!Files.exists(point)) {
            Files.createFile(point);
          }
        } else {
          Files.createDirectories(point);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create mount point " + point, e);
      }
    }
  }

  /**
   * The shell lines that make the mounts, run as root inside the new mount namespace; {@code
   * scratch} is an empty host directory for the namespace's own tmpfs. Every source is first bound
   * into that tmpfs and later mounted from there by a path relative to it, so a mount over an
   * ancestor of a source (a volume at {@code /tmp} while the pod's files live under {@code /tmp})
   * cannot hide it.
   */
  List<String> script(Path scratch) {
    List<String> lines = new ArrayList<>();
    lines.add("mount -t tmpfs -o mode=0755 twistd-scratch " + Shell.quote(scratch.toString()));
    lines.add("mkdir " + Shell.quote(scratch.resolve("stage").toString()));
    for (int i = 0; i < mounts.size(); i++) {
      String staged = Shell.quote(scratch.resolve("stage").resolve(Integer.toString(i)).toString());
      lines.add((Files.isDirectory(mounts.get(i).source()) ? "mkdir " : ": > ") + staged);
      lines.add("mount --bind " + Shell.quote(mounts.get(i).source().toString()) + " " + staged);
    }
    for (int i = 0; i < overlays.size(); i++) {
      String upper = scratch.resolve(i + "-upper").toString();
      String work = scratch.resolve(i + "-work").toString();
      String lower = overlays.get(i).toString();
      for (String path : List.of(upper, work, lower)) {
        if (path.contains(",") || path.contains(":")) {
          throw new IllegalArgumentException("cannot overlay with path '" + path + "'");
        }
      }
      lines.add("mkdir " + Shell.quote(upper) + " " + Shell.quote(work));
      lines.add(
          "mount -t overlay twistd-overlay -o "
              + Shell.quote("lowerdir=" + lower + ",upperdir=" + upper + ",workdir=" + work)
              + " "
              + Shell.quote(lower));
    }
    for (MountPoint point : created) {
      String target = Shell.quote(point.path().toString());
      if (point.file()) {
        lines.add("mkdir -p " + Shell.quote(point.path().getParent().toString()));
        lines.add(": > " + target);
      } else {
        lines.add("mkdir -p " + target);
      }
    }
    // the working directory keeps the staging area reachable whatever is mounted over its path
    lines.add("cd " + Shell.quote(scratch.resolve("stage").toString()));
    for (int i = 0; i < mounts.size(); i++) {
      String target = Shell.quote(mounts.get(i).target());
      lines.add("mount --bind ./" + i + " " + target);
      if (mounts.get(i).readOnly()) {
        lines.add("mount -o remount,bind,ro " + target);
      }
    }
    return lines;
  }
}
