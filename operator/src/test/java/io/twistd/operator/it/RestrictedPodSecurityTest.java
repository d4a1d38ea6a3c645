package io.twistd.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.operator.Apps;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.KubeTestEnvExtension;
import io.twistd.testenv.NodeAgent;
import io.twistd.testenv.PodBehaviour;
import io.twistd.testenv.PodPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pods the operator asks for pass the Pod Security "restricted" profile. */
@ExtendWith(KubeTestEnvExtension.class)
class RestrictedPodSecurityTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  @RegisterExtension static final OperatorHarness harness = new OperatorHarness();

  @Test
  void podsOfAnApplicationWithALowPortAndSecretsAreAdmittedWhereRestrictedIsEnforced(
      ControlPlane kube, KubernetesClient client) {
    String namespace =
        kube.createNamespace(
            "restricted",
            Map.of(
                "pod-security.kubernetes.io/enforce", "restricted",
                "pod-security.kubernetes.io/enforce-version", "latest"));
    try (NodeAgent node =
        NodeAgent.start(
            client, "node-" + namespace, namespace, PodPolicy.always(PodBehaviour.READY))) {
      new Cluster(client, namespace).putSecret("tls", Map.of("tls.key", "key"));
      client
          .resource(
              Apps.fromYaml(
                  "site",
                  namespace,
                  """
                  replicas: 2
                  services:
                    - {name: web, type: web, listen: ["tcp:80"], options: {path: /srv/www}}
                    - {name: tls, type: echo, listen: ["ssl:443:privateKey=/etc/twistd/secrets/tls/tls.key"]}
                  secrets: [{name: tls}]
                  pod:
                    resources: {requests: {cpu: 10m, memory: 64Mi}, limits: {memory: 256Mi}}
                  """))
          .create();

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(pods(client, namespace))
                      .hasSize(2)
                      .allMatch(p -> p.getSpec().getNodeName() != null));
      List<ReplicaSet> replicaSets =
          client.apps().replicaSets().inNamespace(namespace).list().getItems();
      assertThat(replicaSets)
          .allSatisfy(
              rs ->
                  assertThat(rs.getStatus().getConditions())
                      .noneMatch(c -> "ReplicaFailure".equals(c.getType())));
      await()
          .atMost(TIMEOUT)
          .until(() -> "True".equals(new Cluster(client, namespace).condition("site", "Ready")));
    }
  }

  private static List<Pod> pods(KubernetesClient client, String namespace) {
    return client.pods().inNamespace(namespace).list().getItems();
  }
}
