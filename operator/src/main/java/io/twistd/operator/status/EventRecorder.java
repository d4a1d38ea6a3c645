package io.twistd.operator.status;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.twistd.api.crd.TwistedApplication;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records Kubernetes Events on a TwistedApplication, so {@code kubectl describe tapp} tells its
 * story. Failing to record an Event is logged, never fatal.
 */
public final class EventRecorder {

  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "twistd-operator";

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  /** Records a Normal event. */
  public void normal(TwistedApplication app, String reason, String message) {
    record(app, "Normal", reason, message);
  }

  /** Records a Warning event. */
  public void warning(TwistedApplication app, String reason, String message) {
    record(app, "Warning", reason, message);
  }

  private void record(TwistedApplication app, String type, String reason, String message) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String namespace = app.getMetadata().getNamespace();
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(app.getMetadata().getName() + "." + UUID.randomUUID())
                  .withNamespace(namespace)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(app.getApiVersion())
                          .withKind(app.getKind())
                          .withName(app.getMetadata().getName())
                          .withNamespace(namespace)
                          .withUid(app.getMetadata().getUid())
                          .withResourceVersion(app.getMetadata().getResourceVersion())
                          .build())
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withCount(1)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      log.warn(
          "cannot record event {} on {}/{}: {}",
          reason,
          namespace,
          app.getMetadata().getName(),
          e.getMessage());
    }
  }
}
