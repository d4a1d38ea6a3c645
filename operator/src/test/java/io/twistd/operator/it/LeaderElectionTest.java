package io.twistd.operator.it;

import static io.twistd.operator.it.OperatorHttp.metric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.operator.Apps;
import io.twistd.operator.OperatorSettings;
import io.twistd.operator.TwistdOperator;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.KubeTestEnvExtension;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two operators with leader election: one holds the Lease and reconciles, the other waits; when the
 * leader stops, the other takes the Lease over and reconciles.
 */
@ExtendWith(KubeTestEnvExtension.class)
class LeaderElectionTest {

  // the Lease lasts 15 s and is not released on stop, so a takeover takes up to ~20 s
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String SPEC = "services: [{name: echo, type: echo, listen: ['tcp:7000']}]";
  private static final String RECONCILES = "operator_sdk_reconciliations_started_total";
  private static final String KIND = "kind=\"TwistedApplication\"";

  private final KubernetesClient client;

  LeaderElectionTest(KubernetesClient client) {
    this.client = client;
  }

  @Test
  void oneOperatorHoldsTheLeaseAndReconcilesAndTheOtherTakesOverWhenItStops(ControlPlane kube) {
    OperatorHarness.installCrd(client);
    String leaseNamespace = kube.createNamespace("lease", Map.of());
    String apps = kube.createNamespace("elected", Map.of());
    OperatorSettings settings =
        new OperatorSettings(Set.of(), OperatorHarness.IMAGE, true, leaseNamespace, 0);

    try (TwistdOperator first = TwistdOperator.start(client, settings);
        TwistdOperator second = TwistdOperator.start(client, settings)) {
      assertThat(first.identity()).isNotEqualTo(second.identity());
      String holder =
          await()
              .atMost(TIMEOUT)
              .until(() -> holderOf(leaseNamespace), h -> h != null && !h.isEmpty());
      assertThat(holder).isIn(first.identity(), second.identity());
      TwistdOperator leader = holder.equals(first.identity()) ? first : second;
      TwistdOperator follower = leader == first ? second : first;

      client.resource(Apps.fromYaml("one", apps, SPEC)).create();
      await().atMost(TIMEOUT).until(() -> reconciled(apps, "one"));
      assertThat(metric(leader, RECONCILES, KIND)).isPositive();
      assertThat(metric(follower, RECONCILES, KIND)).isZero();
      assertThat(holderOf(leaseNamespace)).isEqualTo(leader.identity());

      leader.close();

      await().atMost(TIMEOUT).until(() -> follower.identity().equals(holderOf(leaseNamespace)));
      Lease lease = lease(leaseNamespace);
      assertThat(lease.getSpec().getLeaseTransitions()).isPositive();
      client.resource(Apps.fromYaml("two", apps, SPEC)).create();
      await().atMost(TIMEOUT).until(() -> reconciled(apps, "two"));
      assertThat(metric(follower, RECONCILES, KIND)).isPositive();
    }
  }

  private Lease lease(String namespace) {
    return client.leases().inNamespace(namespace).withName(OperatorSettings.LEASE_NAME).get();
  }

  private String holderOf(String namespace) {
    Lease lease = lease(namespace);
    return lease == null ? null : lease.getSpec().getHolderIdentity();
  }

  private boolean reconciled(String namespace, String name) {
    TwistedApplication app =
        client.resources(TwistedApplication.class).inNamespace(namespace).withName(name).get();
    return app.getStatus() != null
        && client.apps().deployments().inNamespace(namespace).withName(name).get() != null;
  }
}
