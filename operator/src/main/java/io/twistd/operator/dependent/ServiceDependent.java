package io.twistd.operator.dependent;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.twistd.api.crd.ExposeSpec;
import io.twistd.api.crd.TwistedApplication;
import java.util.List;

/**
 * The Service in front of the pods: one named port per listened TCP port. Exists only while
 * something listens on TCP and {@code spec.expose.type} is not {@code None} (see {@link
 * #isWanted}).
 */
@KubernetesDependent(
    informer =
        @Informer(
            labelSelector = ConfigMapDependent.SELECTOR,
            onAddFilter = OwnChildAddedFilter.class))
public class ServiceDependent extends CRUDKubernetesDependentResource<Service, TwistedApplication> {

  public ServiceDependent() {
    super(Service.class);
  }

  /** Whether {@code app} should have a Service while its pods run {@code state}'s target. */
  public static boolean isWanted(TwistedApplication app, DesiredState state) {
    return !"None".equals(app.getSpec().getExpose().getType())
        && !PortPlan.of(state.target().services()).isEmpty();
  }

  @Override
  protected Service desired(TwistedApplication app, Context<TwistedApplication> context) {
    ExposeSpec expose = app.getSpec().getExpose();
    List<ServicePort> ports =
        PortPlan.of(DesiredState.of(context).target().services()).stream()
            .map(
                port ->
                    new ServicePortBuilder()
                        .withName(port.name())
                        .withPort(port.port())
                        .withTargetPort(new IntOrString(port.name()))
                        .withProtocol("TCP")
                        .build())
            .toList();
    return new ServiceBuilder()
        .withNewMetadata()
        .withName(app.getMetadata().getName())
        .withNamespace(app.getMetadata().getNamespace())
        .withLabels(AppLabels.all(app))
        .withAnnotations(expose.getAnnotations())
        .endMetadata()
        .withNewSpec()
        .withType(expose.getType())
        .withSelector(AppLabels.selector(app))
        .withPorts(ports)
        .endSpec()
        .build();
  }
}
