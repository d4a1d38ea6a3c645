package io.twistd.testenv.node;

import java.nio.file.Path;

/**
 * A file or directory of the host that a container sees at {@code target}.
 *
 * @param source the host path
 * @param target the absolute path in the container
 * @param readOnly whether the container may not write it
 */
record BindMount(Path source, String target, boolean readOnly) {}
