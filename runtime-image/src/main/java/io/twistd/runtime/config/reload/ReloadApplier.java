package io.twistd.runtime.config.reload;

import io.twistd.api.config.AppConfig;
import io.twistd.api.config.Durations;
import io.twistd.api.config.LoggingConfig;
import io.twistd.api.config.ServiceDefinition;
import io.twistd.runtime.config.SharedConfig;
import io.twistd.runtime.config.TreeBuilder;
import io.twistd.runtime.logging.LogSetup;
import io.twistd.runtime.plugin.Reconfigurable;
import io.twistd.runtime.plugin.ServiceSettings;
import io.twistd.runtime.service.MultiService;
import io.twistd.runtime.service.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a new, validated configuration to a running tree, changing only what differs ({@link
 * TreeDiff}):
 *
 * <ol>
 *   <li>prepare: make every new and replacement service, check every new set of options; a failure
 *       here changes nothing;
 *   <li>hand the new {@code config:} section to every service ({@link SharedConfig#update});
 *   <li>commit, in tree order: change services in place, start replacements (which take over the
 *       listeners they share with the service they replace) and new services, then stop removed
 *       services after they drain, then reorder siblings. If a step fails (a port that cannot be
 *       bound, a service that does not start), everything is put back the same way, by applying the
 *       previous configuration to the tree as it now is;
 *   <li>apply {@code logging} levels. The admin endpoint, the log format and the application name
 *       are not changed live: they are reported as needing a restart.
 * </ol>
 *
 * <p>Not thread-safe: one reload at a time (the runtime serializes them).
 */
public final class ReloadApplier {

  private static final Logger log = LoggerFactory.getLogger(ReloadApplier.class);

  private final TreeBuilder builder;
  private final SharedConfig shared;
  private final TreeDiff diff;

  /**
   * @param builder made the running tree; makes new services
   * @param shared the {@code config:} section every service reads
   */
  public ReloadApplier(TreeBuilder builder, SharedConfig shared) {
    this.builder = builder;
    this.shared = shared;
    this.diff = new TreeDiff(builder);
  }

  /**
   * Makes {@code root}, which runs {@code current}, run {@code next}.
   *
   * @return what changed
   * @throws ReloadFailedException when {@code next} could not be applied; {@code current} still
   *     runs
   */
  public ReloadReport apply(MultiService root, AppConfig current, AppConfig next) {
    Duration stopTimeout = Durations.parse(next.getShutdown().getGracePeriod());
    List<ReloadStep> steps = prepare(root, next.getServices(), stopTimeout);
    List<String> others = new ArrayList<>();
    if (!Objects.equals(current.getConfig(), next.getConfig())) {
      shared.update(next.getConfig());
      others.add("config");
    }
    List<String> changes = new ArrayList<>();
    try {
      for (ReloadStep step : steps) {
        step.commit();
        changes.add(step.describe());
      }
    } catch (RuntimeException e) {
      steps.subList(changes.size() + 1, steps.size()).forEach(ReloadStep::abandon);
      String failure = failure(steps.get(changes.size()).path(), e);
      log.warn("reload failed ({}); putting the previous configuration back", failure);
      shared.update(current.getConfig());
      boolean restored = restore(root, current, stopTimeout);
      throw new ReloadFailedException(failure, restored, e);
    }
    if (levelsChanged(current.getLogging(), next.getLogging())) {
      LogSetup.applyLevels(next.getLogging());
      others.add("logging levels");
    }
    return new ReloadReport(changes, others, restartRequired(current, next));
  }

  /**
   * Runs the first half of a reload of {@code running}, the configuration {@code root} already
   * runs, and keeps nothing: the tree is compared with it and every {@link Reconfigurable} service
   * prepares a change to the options it has. So the code of a reload has run once before the first
   * real one, which otherwise pays for loading its classes and running them interpreted (it took
   * 2–5 times as long as the later ones, bench/RESULTS.md). Changes nothing.
   *
   * @return how many services prepared a change
   */
  public int rehearse(MultiService root, AppConfig running) {
    if (!diff.diff(root, running.getServices()).isEmpty()) {
      return 0; // not what runs: a real reload follows
    }
    return rehearse(root, running.getServices(), "");
  }

  private int rehearse(MultiService parent, List<ServiceDefinition> wanted, String parentPath) {
    int prepared = 0;
    for (ServiceDefinition definition : wanted) {
      Service service = parent.getServiceNamed(definition.getName());
      if (service instanceof Reconfigurable reconfigurable) {
        ServiceSettings settings = builder.settingsOf(definition, parentPath);
        if (reconfigurable.prepareReconfigure(settings.options()).isPresent()) {
          prepared++;
        }
      }
      if (service instanceof MultiService multi && !definition.getServices().isEmpty()) {
        String path =
            parentPath.isEmpty() ? definition.getName() : parentPath + "/" + definition.getName();
        prepared += rehearse(multi, definition.getServices(), path);
      }
    }
    return prepared;
  }

  private List<ReloadStep> prepare(
      MultiService root, List<ServiceDefinition> wanted, Duration stopTimeout) {
    List<TreeDiff.Change> changes;
    try {
      changes = diff.diff(root, wanted);
    } catch (RuntimeException e) {
      throw new ReloadFailedException(rootMessage(e), true, e);
    }
    List<ReloadStep> steps = new ArrayList<>();
    for (TreeDiff.Change change : changes) {
      try {
        steps.add(prepare(change, stopTimeout));
      } catch (RuntimeException e) {
        steps.forEach(ReloadStep::abandon);
        throw new ReloadFailedException(failure(change.path(), e), true, e);
      }
    }
    return steps;
  }

  private ReloadStep prepare(TreeDiff.Change change, Duration stopTimeout) {
    String parentPath = parentPath(change.path());
    if (change instanceof TreeDiff.Add add) {
      Service made = builder.make(add.definition(), parentPath);
      return new ReloadStep.Add(add.path(), add.parent(), made, builder);
    }
    if (change instanceof TreeDiff.Replace replace) {
      Service made = builder.make(replace.definition(), parentPath);
      return new ReloadStep.Replace(
          replace.path(),
          replace.parent(),
          replace.service(),
          made,
          replace.why(),
          builder,
          stopTimeout);
    }
    if (change instanceof TreeDiff.Update update) {
      ServiceSettings settings = builder.settingsOf(update.definition(), parentPath);
      Reconfigurable.Change options = null;
      if (update.optionsChanged()) {
        Optional<Reconfigurable.Change> prepared =
            ((Reconfigurable) update.service()).prepareReconfigure(settings.options());
        if (prepared.isEmpty()) {
          Service made = builder.make(update.definition(), parentPath);
          return new ReloadStep.Replace(
              update.path(),
              update.parent(),
              update.service(),
              made,
              "it cannot take these options in place",
              builder,
              stopTimeout);
        }
        options = prepared.get();
      }
      return new ReloadStep.Update(
          update.path(),
          update.service(),
          update.definition(),
          update.listenChanged() ? settings.listen() : null,
          options,
          builder);
    }
    if (change instanceof TreeDiff.Remove remove) {
      return new ReloadStep.Remove(
          remove.path(), remove.parent(), remove.service(), builder, stopTimeout);
    }
    TreeDiff.Reorder reorder = (TreeDiff.Reorder) change;
    return new ReloadStep.Reorder(reorder.path(), reorder.parent(), reorder.names());
  }

  /** Applies {@code previous} to the tree as it is now; false when that failed too. */
  private boolean restore(MultiService root, AppConfig previous, Duration stopTimeout) {
    try {
      for (ReloadStep step : prepare(root, previous.getServices(), stopTimeout)) {
        step.commit();
      }
      return true;
    } catch (RuntimeException e) {
      log.error(
          "cannot put the previous configuration back; the tree is partly on the new one: {}",
          rootMessage(e),
          e);
      return false;
    }
  }

  private static String failure(String path, RuntimeException error) {
    String message = rootMessage(error);
    return message.startsWith("service '") ? message : "service '" + path + "': " + message;
  }

  private static boolean levelsChanged(LoggingConfig before, LoggingConfig after) {
    return !Objects.equals(before.getLevel(), after.getLevel())
        || !Objects.equals(before.getLoggers(), after.getLoggers());
  }

  private static List<String> restartRequired(AppConfig current, AppConfig next) {
    List<String> settings = new ArrayList<>();
    if (!Objects.equals(current.getAdmin().getListen(), next.getAdmin().getListen())) {
      settings.add("admin.listen");
    }
    if (!Objects.equals(current.getLogging().getFormat(), next.getLogging().getFormat())) {
      settings.add("logging.format");
    }
    if (!Objects.equals(current.getApplication(), next.getApplication())) {
      settings.add("application");
    }
    return settings;
  }

  private static String parentPath(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  static String rootMessage(Throwable error) {
    Throwable current = error;
    while ((current instanceof java.util.concurrent.CompletionException
            || current instanceof java.util.concurrent.ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current.getMessage() == null ? current.toString() : current.getMessage();
  }
}
