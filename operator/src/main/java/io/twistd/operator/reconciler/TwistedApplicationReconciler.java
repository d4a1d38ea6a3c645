package io.twistd.operator.reconciler;

import static java.net.HttpURLConnection.HTTP_CONFLICT;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.api.crd.TwistedApplicationStatus;
import io.twistd.api.validation.Violation;
import io.twistd.operator.dependent.BudgetWanted;
import io.twistd.operator.dependent.ConfigMapDependent;
import io.twistd.operator.dependent.ConfigRenderer;
import io.twistd.operator.dependent.DeploymentDependent;
import io.twistd.operator.dependent.DesiredState;
import io.twistd.operator.dependent.DisruptionBudgetDependent;
import io.twistd.operator.dependent.HotReloadWanted;
import io.twistd.operator.dependent.PodTemplateFactory;
import io.twistd.operator.dependent.ServiceDependent;
import io.twistd.operator.dependent.ServiceWanted;
import io.twistd.operator.dependent.StableConfigMapDependent;
import io.twistd.operator.rollout.Revision;
import io.twistd.operator.rollout.RevisionFactory;
import io.twistd.operator.rollout.RevisionPruner;
import io.twistd.operator.rollout.RevisionSnapshots;
import io.twistd.operator.rollout.RolloutObservation;
import io.twistd.operator.rollout.RolloutObserver;
import io.twistd.operator.rollout.RolloutPlan;
import io.twistd.operator.rollout.RolloutPlanner;
import io.twistd.operator.rollout.SecretFingerprints;
import io.twistd.operator.status.Conditions;
import io.twistd.operator.status.DeploymentProgress;
import io.twistd.operator.status.EventRecorder;
import io.twistd.operator.status.StatusComputer;
import io.twistd.operator.status.StatusDiff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a TwistedApplication: validates its spec, makes the revision it asks for, plans the
 * rollout (the spec's revision, or the last good one after a failure), applies the dependent
 * resources (server-side apply, all owned by the application), prunes old revisions and reports
 * status.
 *
 * <p>An invalid spec or a missing Secret applies nothing, so the running version keeps running;
 * {@code ConfigValid=False} names every problem. A reconcile that changes nothing writes nothing;
 * each reconcile is counted by outcome ({@code unchanged}, {@code status-updated}, {@code invalid},
 * {@code failed}).
 */
@ControllerConfiguration(name = TwistedApplicationReconciler.NAME)
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(name = TwistedApplicationReconciler.CONFIG, type = ConfigMapDependent.class),
      @Dependent(
          name = "stable-config",
          type = StableConfigMapDependent.class,
          reconcilePrecondition = HotReloadWanted.class,
          useEventSourceWithName = TwistedApplicationReconciler.CONFIG),
      @Dependent(
          name = "deployment",
          type = DeploymentDependent.class,
          dependsOn = TwistedApplicationReconciler.CONFIG),
      @Dependent(
          name = "service",
          type = ServiceDependent.class,
          reconcilePrecondition = ServiceWanted.class),
      @Dependent(
          name = "budget",
          type = DisruptionBudgetDependent.class,
          reconcilePrecondition = BudgetWanted.class)
    })
public class TwistedApplicationReconciler implements Reconciler<TwistedApplication> {

  private static final Logger log = LoggerFactory.getLogger(TwistedApplicationReconciler.class);

  /** How soon a revision found failed after it was applied is looked at again, to roll back. */
  private static final Duration ROLLBACK_DELAY = Duration.ofSeconds(1);

  /** The controller's name, in logs and metrics. */
  public static final String NAME = "twistedapplication";

  /** The snapshot ConfigMap dependent, whose informer caches every ConfigMap of the operator. */
  static final String CONFIG = "config";

  private final ConfigRenderer renderer = new ConfigRenderer();
  private final StatusComputer statuses = new StatusComputer();
  private final RevisionSnapshots snapshots = new RevisionSnapshots();
  private final RolloutPlanner planner = new RolloutPlanner();
  private final RevisionPruner pruner = new RevisionPruner();
  private final SpecValidator validator;
  private final PodTemplateFactory templates;
  private final RevisionFactory revisions;
  private final RolloutObserver observer;
  private final EventRecorder events;
  private final MeterRegistry metrics;
  private final Clock clock;

  /**
   * @param validator the semantic checks of a spec
   * @param templates makes pod templates, knowing the default runtime image
   * @param observer judges rollouts (and asks HotReload pods which revision they run)
   * @param events records Events on the applications
   * @param metrics counts reconciles by outcome ({@code twistd.operator.reconciles})
   * @param clock the time, for rollout deadlines
   */
  public TwistedApplicationReconciler(
      SpecValidator validator,
      PodTemplateFactory templates,
      RolloutObserver observer,
      EventRecorder events,
      MeterRegistry metrics,
      Clock clock) {
    this.validator = validator;
    this.templates = templates;
    this.revisions = new RevisionFactory(renderer, templates.defaultImage());
    this.observer = observer;
    this.events = events;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, TwistedApplication>> prepareEventSources(
      EventSourceContext<TwistedApplication> context) {
    return List.of(WatchedSecrets.eventSource(context), WatchedPods.eventSource(context));
  }

  @Override
  public UpdateControl<TwistedApplication> reconcile(
      TwistedApplication app, Context<TwistedApplication> context) {
    String image = app.getSpec().getImage();
    List<Violation> violations =
        validator.validate(renderer.toAppConfig(app), image != null && !image.isBlank());
    if (!violations.isEmpty()) {
      return notApplied(app, context, "InvalidSpec", violations);
    }
    SecretFingerprints secrets =
        SecretFingerprints.of(
            app.getSpec().getSecrets(),
            app.getMetadata().getNamespace(),
            name -> WatchedSecrets.find(context, name));
    if (!secrets.complete()) {
      return notApplied(app, context, "SecretNotFound", secrets.missing());
    }
    Revision wanted = revisions.wanted(app, secrets);
    RolloutPlan plan =
        planner.plan(
            previous(app),
            wanted,
            autoRollback(app),
            id -> snapshot(app, context, id),
            () -> observe(app, context, desiredState(app, wanted)));
    plan.newFailure().ifPresent(cause -> logRollback(app, plan, cause));
    desiredState(app, plan.target()).putInto(context);
    context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
    RolloutObservation observed = observe(app, context, desiredState(app, plan.target()));
    if (observed.failure().isPresent()
        && !plan.rollingBack()
        && planner.canRollBack(previous(app), wanted, autoRollback(app))) {
      // Found failed just now: the next reconcile rolls it back and reports both at once.
      count("rollback-pending");
      return UpdateControl.<TwistedApplication>noUpdate().rescheduleAfter(ROLLBACK_DELAY);
    }
    TwistedApplicationStatus next = statuses.valid(app, plan, observed);
    prune(app, context, next);
    return patchIfChanged(app, next, observed.recheckAfter());
  }

  private UpdateControl<TwistedApplication> notApplied(
      TwistedApplication app,
      Context<TwistedApplication> context,
      String reason,
      List<Violation> violations) {
    DeploymentProgress progress =
        DeploymentProgress.of(context.getSecondaryResource(Deployment.class));
    return patchIfChanged(
        app, statuses.invalid(app, reason, violations, progress), Optional.empty());
  }

  private DesiredState desiredState(TwistedApplication app, Revision target) {
    return new DesiredState(target, app.getSpec().getRollout().getStrategy(), templates);
  }

  private RolloutObservation observe(
      TwistedApplication app, Context<TwistedApplication> context, DesiredState state) {
    Instant now = clock.instant();
    return observer.observe(
        app,
        state,
        context.getSecondaryResource(Deployment.class),
        context.getSecondaryResources(Pod.class),
        snapshotCreated(app, context, state.target().id()).orElse(now),
        now);
  }

  private Optional<Instant> snapshotCreated(
      TwistedApplication app, Context<TwistedApplication> context, String revision) {
    return snapshotConfigMap(app, context, revision)
        .map(c -> c.getMetadata().getCreationTimestamp())
        .map(Instant::parse);
  }

  private static Optional<ConfigMap> snapshotConfigMap(
      TwistedApplication app, Context<TwistedApplication> context, String revision) {
    String name = RevisionSnapshots.name(app, revision);
    return context.getSecondaryResources(ConfigMap.class).stream()
        .filter(c -> name.equals(c.getMetadata().getName()))
        .findFirst();
  }

  private Optional<Revision> snapshot(
      TwistedApplication app, Context<TwistedApplication> context, String revision) {
    return snapshotConfigMap(app, context, revision).flatMap(snapshots::fromConfigMap);
  }

  private void prune(
      TwistedApplication app, Context<TwistedApplication> context, TwistedApplicationStatus next) {
    for (ConfigMap old :
        pruner.prunable(
            app,
            context.getSecondaryResources(ConfigMap.class),
            next.getCurrentRevision(),
            next.getLastGoodRevision())) {
      context.getClient().resource(old).delete();
    }
  }

  private static void logRollback(TwistedApplication app, RolloutPlan plan, String cause) {
    log.warn(
        "{}/{}: revision {} failed ({}); rolling back to {}",
        app.getMetadata().getNamespace(),
        app.getMetadata().getName(),
        plan.failedRevision(),
        cause,
        plan.target().id());
  }

  private UpdateControl<TwistedApplication> patchIfChanged(
      TwistedApplication app, TwistedApplicationStatus next, Optional<Duration> recheck) {
    TwistedApplicationStatus before = app.getStatus();
    boolean valid = "True".equals(conditionStatus(next, "ConfigValid"));
    UpdateControl<TwistedApplication> control;
    if (!StatusDiff.changed(before, next)) {
      count(valid ? "unchanged" : "invalid");
      control = UpdateControl.noUpdate();
    } else {
      count(valid ? "status-updated" : "invalid");
      List<Condition> previous = before == null ? List.of() : before.getConditions();
      StatusComputer.transitions(previous, next.getConditions()).stream()
          .filter(c -> worthAnEvent(previous, c))
          .forEach(c -> announce(app, c));
      app.setStatus(next);
      control = UpdateControl.patchStatus(app);
    }
    recheck.ifPresent(control::rescheduleAfter);
    return control;
  }

  /**
   * A reconcile that threw (an API error while applying a dependent): JOSDK retries it; the user
   * sees a Warning Event with the cause, and the status is left as it was. A conflict (a stale
   * copy, retried at once) and a reconcile interrupted because the operator stops are not reported.
   */
  @Override
  public ErrorStatusUpdateControl<TwistedApplication> updateErrorStatus(
      TwistedApplication app, Context<TwistedApplication> context, Exception e) {
    if (conflict(e)) {
      // a stale copy of the application: JOSDK retries with the current one at once
      log.debug("reconcile of {} met a conflict: {}", app.getMetadata().getName(), e.getMessage());
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    if (interrupted(e)) {
      // the operator is stopping (a restart, a lost Lease): not the application's problem
      log.debug("reconcile of {} interrupted", app.getMetadata().getName());
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    count("failed");
    events.warning(app, "ReconcileFailed", "applying the desired state failed: " + e.getMessage());
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  private static boolean conflict(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof KubernetesClientException k && k.getCode() == HTTP_CONFLICT) {
        return true;
      }
    }
    return false;
  }

  private static boolean interrupted(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedException) {
        return true;
      }
    }
    return false;
  }

  private void count(String outcome) {
    metrics.counter("twistd.operator.reconciles", "outcome", outcome).increment();
  }

  private static boolean autoRollback(TwistedApplication app) {
    return Boolean.TRUE.equals(app.getSpec().getRollout().getAutoRollback());
  }

  private static TwistedApplicationStatus previous(TwistedApplication app) {
    return app.getStatus() == null ? new TwistedApplicationStatus() : app.getStatus();
  }

  private static String conditionStatus(TwistedApplicationStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .map(Condition::getStatus)
        .findFirst()
        .orElse("Unknown");
  }

  /**
   * Whether a condition's change deserves an Event: a new status or reason, or a new message where
   * the message says why (Degraded, ConfigValid). A first report of what every new application goes
   * through ({@code ConfigValid=True}, {@code Degraded=False}, {@code Ready=False} while its pods
   * start) says nothing happened and gets none.
   */
  private static boolean worthAnEvent(List<Condition> previous, Condition condition) {
    Optional<Condition> before = Conditions.find(previous, condition.getType());
    if (before.isPresent()) {
      // Ready and Progressing messages are running counts: only a new status or reason is news.
      // Degraded and ConfigValid messages say why, so a new message is news too.
      boolean why =
          Conditions.DEGRADED.equals(condition.getType())
              || Conditions.CONFIG_VALID.equals(condition.getType());
      return why
          || !before.get().getStatus().equals(condition.getStatus())
          || !before.get().getReason().equals(condition.getReason());
    }
    // A new application's pods do not run yet: its first Ready=False says what the RollingOut
    // Event beside it says already (the Deployment controller does not warn of it either).
    boolean expected =
        Conditions.CONFIG_VALID.equals(condition.getType()) && "True".equals(condition.getStatus())
            || Conditions.DEGRADED.equals(condition.getType())
                && "False".equals(condition.getStatus())
            || Conditions.READY.equals(condition.getType())
                && "False".equals(condition.getStatus());
    return !expected;
  }

  private void announce(TwistedApplication app, Condition condition) {
    boolean bad =
        ("ConfigValid".equals(condition.getType()) || "Ready".equals(condition.getType()))
                && "False".equals(condition.getStatus())
            || "Degraded".equals(condition.getType()) && "True".equals(condition.getStatus());
    String message =
        condition.getType() + "=" + condition.getStatus() + ": " + condition.getMessage();
    if (bad) {
      events.warning(app, condition.getReason(), message);
    } else {
      events.normal(app, condition.getReason(), message);
    }
  }
}
