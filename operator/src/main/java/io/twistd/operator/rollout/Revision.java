package io.twistd.operator.rollout;

import io.twistd.api.config.ServiceDefinition;
import io.twistd.operator.dependent.RenderedConfig;
import java.util.List;

/**
 * One revision of an application: everything its pods see, named by the hash of it all. Built from
 * the spec ({@link RevisionFactory}) or read back from the revision's ConfigMap ({@link
 * RevisionSnapshots}) to roll back to it.
 *
 * @param config the config files and the revision id (the hash)
 * @param services the service tree, for the container and Service ports
 * @param pod what goes into the pod template besides the config
 */
public record Revision(RenderedConfig config, List<ServiceDefinition> services, PodInputs pod) {

  /** The revision's id: a content hash of config, files, pod inputs and Secret contents. */
  public String id() {
    return config.revision();
  }
}
