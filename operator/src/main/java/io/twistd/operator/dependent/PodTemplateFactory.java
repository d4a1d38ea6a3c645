package io.twistd.operator.dependent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.twistd.api.config.ServiceDefinition;
import io.twistd.api.crd.PodOverrides;
import io.twistd.api.crd.SecretReference;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.operator.rollout.ContentHash;
import io.twistd.operator.rollout.Revision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The pod template of an application's Deployment: the runtime container with its config and
 * Secrets mounted, probes on the admin endpoints, and the Pod Security {@code restricted} profile.
 */
public final class PodTemplateFactory {

  /** Where the config ConfigMap is mounted, as a directory (never with subPath: it must update). */
  public static final String CONFIG_DIR = "/etc/twistd";

  /** Where each Secret of {@code spec.secrets} is mounted, under its own name. */
  public static final String SECRETS_DIR = CONFIG_DIR + "/secrets";

  /** The numeric user the runtime image runs as. */
  public static final long RUNTIME_UID = 10001;

  /**
   * The pod-template annotation naming what the pods run: the revision under Restart; under
   * HotReload, a hash of the template's own inputs (config changes reach the pods without changing
   * the template, so they roll nothing).
   */
  public static final String REVISION_ANNOTATION = "twistd.io/revision";

  /** The pod-template annotation of a HotReload template: the hash of its non-config inputs. */
  public static final String POD_INPUTS_ANNOTATION = "twistd.io/pod-inputs-hash";

  private static final int HASH_DIGITS = 10;
  private static final long TERMINATION_GRACE_SECONDS = 35;
  private static final String CONTAINER = "runtime";
  private static final String ADMIN_PORT_NAME = "admin";

  private final String defaultImage;

  /**
   * @param defaultImage the runtime image used when {@code spec.image} is empty
   */
  public PodTemplateFactory(String defaultImage) {
    this.defaultImage = defaultImage;
  }

  /** The runtime image used when {@code spec.image} is empty. */
  public String defaultImage() {
    return defaultImage;
  }

  /** The pod template for {@code app} running {@code state}'s target revision. */
  public PodTemplateSpec template(TwistedApplication app, DesiredState state) {
    Revision target = state.target();
    PodOverrides pod = target.pod().pod();
    Map<String, String> annotations = new LinkedHashMap<>(pod.getAnnotations());
    annotations.putAll(marker(state));
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(AppLabels.all(app))
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        // the runtime drains 5 s and then lets work finish for 25 s (its defaults): the kubelet
        // must not kill it before, and leaves it 5 s more to exit
        .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
        .withEnableServiceLinks(false)
        .withAutomountServiceAccountToken(false)
        .withSecurityContext(podSecurity(target.services()))
        .withContainers(container(target))
        .withVolumes(volumes(state.mountedConfigMap(app), target.pod().secrets()))
        .withNodeSelector(pod.getNodeSelector().isEmpty() ? null : pod.getNodeSelector())
        .withTolerations(pod.getTolerations().isEmpty() ? null : pod.getTolerations())
        .withAffinity(pod.getAffinity())
        .endSpec()
        .build();
  }

  /**
   * The annotation that tells the pods of {@code state}'s target apart from others: {@link
   * #REVISION_ANNOTATION} under Restart, {@link #POD_INPUTS_ANNOTATION} under HotReload.
   */
  public static Map<String, String> marker(DesiredState state) {
    Revision target = state.target();
    if (!state.hotReload()) {
      return Map.of(REVISION_ANNOTATION, target.id());
    }
    return Map.of(
        POD_INPUTS_ANNOTATION,
        ContentHash.of(
            HASH_DIGITS, target.pod().canonicalJson(), PortPlan.of(target.services()).toString()));
  }

  private static Container container(Revision target) {
    PodOverrides pod = target.pod().pod();
    return new ContainerBuilder()
        .withName(CONTAINER)
        .withImage(target.pod().image())
        .withArgs("run", CONFIG_DIR + "/" + ConfigRenderer.APP_YAML)
        .withPorts(ports(target.services()))
        // never null: JOSDK's pod template sanitizer fails on a null env list when it compares
        .withEnv(pod.getEnv())
        .withResources(pod.getResources())
        .withVolumeMounts(mounts(target.pod().secrets()))
        .withStartupProbe(probe("/healthz", 1, 60))
        .withLivenessProbe(probe("/healthz", 10, 3))
        .withReadinessProbe(probe("/readyz", 2, 1))
        .withSecurityContext(
            new SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .build())
        .build();
  }

  private static List<ContainerPort> ports(List<ServiceDefinition> services) {
    List<ContainerPort> ports = new ArrayList<>();
    for (PortPlan.NamedPort port : PortPlan.of(services)) {
      ports.add(
          new ContainerPortBuilder()
              .withName(port.name())
              .withContainerPort(port.port())
              .withProtocol("TCP")
              .build());
    }
    ports.add(
        new ContainerPortBuilder()
            .withName(ADMIN_PORT_NAME)
            .withContainerPort(ConfigRenderer.ADMIN_PORT)
            .withProtocol("TCP")
            .build());
    return ports;
  }

  private static Probe probe(String path, int periodSeconds, int failureThreshold) {
    return new ProbeBuilder()
        .withNewHttpGet()
        .withPath(path)
        .withNewPort(ADMIN_PORT_NAME)
        .endHttpGet()
        .withPeriodSeconds(periodSeconds)
        .withFailureThreshold(failureThreshold)
        .withTimeoutSeconds(2)
        .build();
  }

  private static PodSecurityContext podSecurity(List<ServiceDefinition> services) {
    PodSecurityContextBuilder security =
        new PodSecurityContextBuilder()
            .withRunAsNonRoot(true)
            .withRunAsUser(RUNTIME_UID)
            .withRunAsGroup(RUNTIME_UID)
            .withFsGroup(RUNTIME_UID)
            .withNewSeccompProfile()
            .withType("RuntimeDefault")
            .endSeccompProfile();
    OptionalInt lowest = PortPlan.lowest(services);
    if (lowest.isPresent() && lowest.getAsInt() < 1024) {
      // Binding a low port without root: the safe sysctl instead of NET_BIND_SERVICE.
      security
          .addNewSysctl()
          .withName("net.ipv4.ip_unprivileged_port_start")
          .withValue(Integer.toString(lowest.getAsInt()))
          .endSysctl();
    }
    return security.build();
  }

  private static List<VolumeMount> mounts(List<SecretReference> secrets) {
    List<VolumeMount> mounts = new ArrayList<>();
    mounts.add(
        new VolumeMountBuilder()
            .withName("config")
            .withMountPath(CONFIG_DIR)
            .withReadOnly(true)
            .build());
    mounts.add(new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build());
    for (SecretReference secret : secrets) {
      mounts.add(
          new VolumeMountBuilder()
              .withName(secretVolume(secret))
              .withMountPath(SECRETS_DIR + "/" + secret.getName())
              .withReadOnly(true)
              .build());
    }
    return mounts;
  }

  private static List<Volume> volumes(String configMap, List<SecretReference> secrets) {
    List<Volume> volumes = new ArrayList<>();
    volumes.add(
        new VolumeBuilder()
            .withName("config")
            .withNewConfigMap()
            .withName(configMap)
            .endConfigMap()
            .build());
    volumes.add(new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    for (SecretReference secret : secrets) {
      volumes.add(
          new VolumeBuilder()
              .withName(secretVolume(secret))
              .withNewSecret()
              .withSecretName(secret.getName())
              .endSecret()
              .build());
    }
    return volumes;
  }

  private static String secretVolume(SecretReference secret) {
    String name = "secret-" + secret.getName().replace('.', '-');
    return name.length() <= 63 ? name : name.substring(0, 63).replaceAll("-+$", "");
  }
}
