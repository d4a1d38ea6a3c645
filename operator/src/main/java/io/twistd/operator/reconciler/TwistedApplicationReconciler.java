package io.twistd.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
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
import io.twistd.operator.dependent.PodTemplateFactory;
import io.twistd.operator.dependent.RenderedConfig;
import io.twistd.operator.dependent.ServiceDependent;
import io.twistd.operator.dependent.ServiceWanted;
import io.twistd.operator.status.DeploymentProgress;
import io.twistd.operator.status.EventRecorder;
import io.twistd.operator.status.StatusComputer;
import io.twistd.operator.status.StatusDiff;
import java.util.List;

/**
 * Reconciles a TwistedApplication: validates its spec, renders the config revision, applies the
 * dependent resources (server-side apply, all owned by the application), and reports status.
 *
 * <p>An invalid spec applies nothing, so the running version keeps running; {@code
 * ConfigValid=False} names every problem. A reconcile that changes nothing writes nothing; each
 * reconcile is counted by outcome ({@code unchanged}, {@code status-updated}, {@code invalid}).
 */
@ControllerConfiguration(name = TwistedApplicationReconciler.NAME)
@Workflow(
    explicitInvocation = true,
    dependents = {
      @Dependent(name = "config", type = ConfigMapDependent.class),
      @Dependent(name = "deployment", type = DeploymentDependent.class, dependsOn = "config"),
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

  /** The controller's name, in logs and metrics. */
  public static final String NAME = "twistedapplication";

  private final ConfigRenderer renderer = new ConfigRenderer();
  private final StatusComputer statuses = new StatusComputer();
  private final SpecValidator validator;
  private final PodTemplateFactory templates;
  private final EventRecorder events;
  private final MeterRegistry metrics;

  /**
   * @param validator the semantic checks of a spec
   * @param templates makes pod templates, knowing the default runtime image
   * @param events records Events on the applications
   * @param metrics counts reconciles by outcome ({@code twistd.operator.reconciles})
   */
  public TwistedApplicationReconciler(
      SpecValidator validator,
      PodTemplateFactory templates,
      EventRecorder events,
      MeterRegistry metrics) {
    this.validator = validator;
    this.templates = templates;
    this.events = events;
    this.metrics = metrics;
  }

  @Override
  public UpdateControl<TwistedApplication> reconcile(
      TwistedApplication app, Context<TwistedApplication> context) {
    List<Violation> violations = validator.validate(renderer.toAppConfig(app));
    DeploymentProgress progress;
    TwistedApplicationStatus next;
    if (violations.isEmpty()) {
      RenderedConfig rendered = renderer.render(app);
      new DesiredState(rendered, templates).putInto(context);
      context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
      progress = DeploymentProgress.of(context.getSecondaryResource(Deployment.class));
      next = statuses.valid(app, rendered.revision(), progress);
    } else {
      progress = DeploymentProgress.of(context.getSecondaryResource(Deployment.class));
      next = statuses.invalid(app, violations, progress);
    }
    return patchIfChanged(app, next);
  }

  private UpdateControl<TwistedApplication> patchIfChanged(
      TwistedApplication app, TwistedApplicationStatus next) {
    TwistedApplicationStatus before = app.getStatus();
    boolean valid = "True".equals(conditionStatus(next, "ConfigValid"));
    if (!StatusDiff.changed(before, next)) {
      count(valid ? "unchanged" : "invalid");
      return UpdateControl.noUpdate();
    }
    count(valid ? "status-updated" : "invalid");
    List<Condition> previous = before == null ? List.of() : before.getConditions();
    StatusComputer.transitions(previous, next.getConditions()).forEach(c -> announce(app, c));
    app.setStatus(next);
    return UpdateControl.patchStatus(app);
  }

  /**
   * A reconcile that threw (an API error while applying a dependent): JOSDK retries it; the user
   * sees a Warning Event with the cause, and the status is left as it was.
   */
  @Override
  public ErrorStatusUpdateControl<TwistedApplication> updateErrorStatus(
      TwistedApplication app, Context<TwistedApplication> context, Exception e) {
    count("failed");
    events.warning(app, "ReconcileFailed", "applying the desired state failed: " + e.getMessage());
    return ErrorStatusUpdateControl.noStatusUpdate();
  }

  private void count(String outcome) {
    metrics.counter("twistd.operator.reconciles", "outcome", outcome).increment();
  }

  private static String conditionStatus(TwistedApplicationStatus status, String type) {
    return status.getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .map(Condition::getStatus)
        .findFirst()
        .orElse("Unknown");
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
