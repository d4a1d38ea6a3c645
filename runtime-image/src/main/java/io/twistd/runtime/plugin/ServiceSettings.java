package io.twistd.runtime.plugin;

import io.twistd.api.config.ServiceDefinition;
import io.twistd.api.endpoint.ServerEndpoint;
import java.util.List;

/**
 * What a {@link ServiceMaker} receives for one service of the tree.
 *
 * @param name the service's name
 * @param path the service's path in the tree, e.g. {@code jobs/tick}; tags its metrics and logs
 * @param listen the parsed endpoints to listen on, empty for types that do not listen
 * @param options the options, converted to their declared types, with defaults
 * @param children child definitions, for container types ({@code multi})
 */
public record ServiceSettings(
    String name,
    String path,
    List<ServerEndpoint> listen,
    ServiceOptions options,
    List<ServiceDefinition> children) {

  public ServiceSettings {
    listen = List.copyOf(listen);
    children = List.copyOf(children);
  }
}
