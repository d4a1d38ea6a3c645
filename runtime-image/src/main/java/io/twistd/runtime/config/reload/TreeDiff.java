package io.twistd.runtime.config.reload;

import io.twistd.api.config.ServiceDefinition;
import io.twistd.runtime.config.TreeBuilder;
import io.twistd.runtime.net.ListeningService;
import io.twistd.runtime.plugin.Reconfigurable;
import io.twistd.runtime.plugin.ServiceSettings;
import io.twistd.runtime.service.MultiService;
import io.twistd.runtime.service.Service;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares a running service tree with the definitions it should serve, service path by service
 * path, and lists the changes that turn one into the other; services whose definition is the same
 * are not in the list. Definitions are compared as their services see them: endpoints parsed,
 * options converted and defaulted, so {@code listing: false} equals a missing {@code listing}.
 *
 * <p>The changes come in the order to apply them: new, changed and replaced services in the new
 * tree's order (parents before children), then removed services in reverse tree order, then the
 * reorderings that put siblings in the new order.
 */
public final class TreeDiff {

  /** One change to the tree. */
  public sealed interface Change permits Add, Update, Replace, Remove, Reorder {
    /** The service's path, for logs. */
    String path();
  }

  /** A service to make and start under {@code parent}. */
  public record Add(MultiService parent, String path, ServiceDefinition definition)
      implements Change {}

  /**
   * A service of the same type to change in place: its options (when it is {@link Reconfigurable}),
   * its endpoints (when it is a {@link ListeningService}), or both.
   */
  public record Update(
      MultiService parent,
      String path,
      Service service,
      ServiceDefinition definition,
      boolean optionsChanged,
      boolean listenChanged)
      implements Change {}

  /** A service to replace by a new one made from {@code definition}. */
  public record Replace(
      MultiService parent, String path, Service service, ServiceDefinition definition, String why)
      implements Change {}

  /** A service to stop and remove. */
  public record Remove(MultiService parent, String path, Service service) implements Change {}

  /** Siblings to put in a new order. */
  public record Reorder(MultiService parent, String path, List<String> names) implements Change {}

  private final TreeBuilder builder;

  /**
   * @param builder made the running services and knows what each serves
   */
  public TreeDiff(TreeBuilder builder) {
    this.builder = builder;
  }

  /**
   * The changes that make {@code root}'s tree serve {@code wanted}; empty when it already does.
   *
   * @throws IllegalArgumentException when a wanted definition cannot make settings (an unknown
   *     type, a bad endpoint or option), which a validated configuration never has
   */
  public List<Change> diff(MultiService root, List<ServiceDefinition> wanted) {
    List<Change> forward = new ArrayList<>();
    List<Change> removals = new ArrayList<>();
    List<Change> reorders = new ArrayList<>();
    walk(root, "", wanted, forward, removals, reorders);
    Collections.reverse(removals);
    List<Change> all = new ArrayList<>(forward);
    all.addAll(removals);
    all.addAll(reorders);
    return all;
  }

  private void walk(
      MultiService parent,
      String parentPath,
      List<ServiceDefinition> wanted,
      List<Change> forward,
      List<Change> removals,
      List<Change> reorders) {
    Map<String, Service> existing = new LinkedHashMap<>();
    parent.services().forEach(child -> existing.put(child.name(), child));
    List<String> names = new ArrayList<>();
    for (ServiceDefinition definition : wanted) {
      names.add(definition.getName());
      String path = join(parentPath, definition.getName());
      Service service = existing.get(definition.getName());
      if (service == null) {
        forward.add(new Add(parent, path, definition));
      } else {
        compare(parent, parentPath, service, definition, forward, removals, reorders);
      }
    }
    for (Service child : existing.values()) {
      if (!names.contains(child.name())) {
        removals.add(new Remove(parent, join(parentPath, child.name()), child));
      }
    }
    List<String> kept = new ArrayList<>(existing.keySet());
    kept.retainAll(names);
    names.stream().filter(name -> !existing.containsKey(name)).forEach(kept::add);
    if (!kept.equals(names)) {
      reorders.add(new Reorder(parent, parentPath, names));
    }
  }

  private void compare(
      MultiService parent,
      String parentPath,
      Service service,
      ServiceDefinition definition,
      List<Change> forward,
      List<Change> removals,
      List<Change> reorders) {
    String path = join(parentPath, definition.getName());
    ServiceDefinition current = builder.definitionOf(service);
    if (current == null) {
      forward.add(new Replace(parent, path, service, definition, "it was not made from config"));
      return;
    }
    if (!current.getType().equals(definition.getType())) {
      String why = "its type changed from " + current.getType() + " to " + definition.getType();
      forward.add(new Replace(parent, path, service, definition, why));
      return;
    }
    ServiceSettings before = builder.settingsOf(current, parentPath);
    ServiceSettings after = builder.settingsOf(definition, parentPath);
    boolean optionsChanged = !before.options().asMap().equals(after.options().asMap());
    boolean listenChanged = !before.listen().equals(after.listen());
    if (service instanceof MultiService multi && !optionsChanged && !listenChanged) {
      walk(multi, path, definition.getServices(), forward, removals, reorders);
    } else if (service instanceof MultiService
        || !sameDefinitions(current.getServices(), definition.getServices())) {
      forward.add(new Replace(parent, path, service, definition, "its definition changed"));
    } else if (optionsChanged && !(service instanceof Reconfigurable)) {
      String why = "a " + definition.getType() + " service cannot change its options in place";
      forward.add(new Replace(parent, path, service, definition, why));
    } else if (listenChanged && !(service instanceof ListeningService)) {
      forward.add(new Replace(parent, path, service, definition, "its endpoints changed"));
    } else if (optionsChanged || listenChanged) {
      forward.add(new Update(parent, path, service, definition, optionsChanged, listenChanged));
    }
  }

  /** Whether two lists of definitions say the same, field by field, children included. */
  static boolean sameDefinitions(List<ServiceDefinition> a, List<ServiceDefinition> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      ServiceDefinition x = a.get(i);
      ServiceDefinition y = b.get(i);
      if (!Objects.equals(x.getName(), y.getName())
          || !Objects.equals(x.getType(), y.getType())
          || !x.getListen().equals(y.getListen())
          || !x.getOptions().equals(y.getOptions())
          || !sameDefinitions(x.getServices(), y.getServices())) {
        return false;
      }
    }
    return true;
  }

  private static String join(String parentPath, String name) {
    return parentPath.isEmpty() ? name : parentPath + "/" + name;
  }
}
