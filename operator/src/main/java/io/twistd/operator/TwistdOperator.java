package io.twistd.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.twistd.api.validation.BuiltinServiceTypes;
import io.twistd.operator.dependent.ConfigRenderer;
import io.twistd.operator.dependent.PodTemplateFactory;
import io.twistd.operator.reconciler.SpecValidator;
import io.twistd.operator.reconciler.TwistedApplicationReconciler;
import io.twistd.operator.rollout.HttpPodStatusProbe;
import io.twistd.operator.rollout.PodStatusProbe;
import io.twistd.operator.rollout.RolloutObserver;
import io.twistd.operator.status.EventRecorder;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's object graph, built by hand: the reconciler and its collaborators, the JOSDK
 * {@link Operator}, metrics and the health server. {@link #start} wires and starts it; {@link
 * #close} stops it.
 */
public final class TwistdOperator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TwistdOperator.class);

  /** How long a HotReload pod may take to answer {@code /status}. */
  private static final Duration POD_STATUS_TIMEOUT = Duration.ofSeconds(2);

  private final Operator operator;
  private final HealthServer health;
  private final PrometheusMeterRegistry metrics;
  private final String identity;
  private final AtomicBoolean closing;

  private TwistdOperator(
      Operator operator,
      HealthServer health,
      PrometheusMeterRegistry metrics,
      String identity,
      AtomicBoolean closing) {
    this.operator = operator;
    this.health = health;
    this.metrics = metrics;
    this.identity = identity;
    this.closing = closing;
  }

  /** The operator's meters, as {@code /metrics} serves them. */
  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /**
   * Registers the reconciler and starts watching; returns once the informers have synced (or, with
   * leader election, once the operator waits for the Lease). HotReload pods are asked for their
   * revision at {@code http://<podIP>:9990/status}.
   */
  public static TwistdOperator start(KubernetesClient client, OperatorSettings settings) {
    return start(
        client,
        settings,
        HttpPodStatusProbe.onAdminPort(ConfigRenderer.ADMIN_PORT, POD_STATUS_TIMEOUT));
  }

  /**
   * As {@link #start(KubernetesClient, OperatorSettings)}, asking HotReload pods for their revision
   * through {@code probe} (where pods are reached some other way than by their IP).
   */
  public static TwistdOperator start(
      KubernetesClient client, OperatorSettings settings, PodStatusProbe probe) {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    String identity = newIdentity();
    AtomicBoolean closing = new AtomicBoolean();
    Operator operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics));
              if (settings.leaderElection()) {
                overrider.withLeaderElectionConfiguration(
                    leaderElection(settings, identity, closing));
              }
            });
    TwistedApplicationReconciler reconciler =
        new TwistedApplicationReconciler(
            new SpecValidator(new BuiltinServiceTypes()),
            new PodTemplateFactory(settings.runtimeImage()),
            new RolloutObserver(probe),
            new EventRecorder(client),
            metrics,
            Clock.systemUTC());
    operator.register(
        reconciler,
        config -> {
          if (settings.namespaces().isEmpty()) {
            config.watchingAllNamespaces();
          } else {
            config.settingNamespaces(settings.namespaces());
          }
        });
    HealthServer health =
        HealthServer.start(settings.httpPort(), operator.getRuntimeInfo(), metrics);
    operator.start();
    log.info(
        "twistd-operator {} watching {}; default runtime image {}; health and metrics on :{}",
        identity,
        settings.namespaces().isEmpty() ? "all namespaces" : settings.namespaces(),
        settings.runtimeImage(),
        health.address().getPort());
    return new TwistdOperator(operator, health, metrics, identity, closing);
  }

  /**
   * Unique per operator instance, so that two operators never share the Lease: the pod name (the
   * {@code HOSTNAME} Kubernetes sets) for the reader, and a random part, as controller-runtime
   * does.
   */
  private static String newIdentity() {
    String host =
        Optional.ofNullable(System.getenv("HOSTNAME"))
            .filter(h -> !h.isBlank())
            .orElse("twistd-operator");
    return host + "_" + UUID.randomUUID();
  }

  /**
   * JOSDK's own answer to losing the Lease is {@code System.exit(1)}, and it gives that answer also
   * when the operator is stopped (stopping cancels the election, which reports the loss): from a
   * shutdown hook that blocks forever, anywhere else it kills the JVM. So the operator leaves only
   * when it loses the Lease while running, as JOSDK intends, and stops quietly when closed.
   */
  private static LeaderElectionConfiguration leaderElection(
      OperatorSettings settings, String identity, AtomicBoolean closing) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(
            OperatorSettings.LEASE_NAME)
        .withLeaseNamespace(settings.leaseNamespace())
        .withIdentity(identity)
        .withExitOnStopLeading(false)
        .withLeaderCallbacks(
            new LeaderCallbacks(
                () -> log.info("{} holds the Lease and reconciles", identity),
                () -> lostLease(identity, closing),
                leader -> log.info("the Lease is held by {}", leader)))
        .build();
  }

  private static void lostLease(String identity, AtomicBoolean closing) {
    if (closing.get()) {
      log.info("{} stopped leading as it shuts down", identity);
      return;
    }
    log.error("{} lost the Lease; exiting so that only the new leader reconciles", identity);
    // Not on this thread: the elector calls back holding its lock, and System.exit waits for the
    // shutdown hook, whose close() cancels the election and may need that lock.
    new Thread(() -> System.exit(1), "lost-lease-exit").start();
  }

  /** The identity under which this operator takes the Lease (holderIdentity). */
  public String identity() {
    return identity;
  }

  /** Where /healthz, /readyz and /metrics are served. */
  public InetSocketAddress healthAddress() {
    return health.address();
  }

  /**
   * Stops reconciling and the health server. Idempotent. A Lease it holds is not released (JOSDK
   * does not release it on stop), so another operator takes over once the Lease expires (15 s).
   */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    operator.stop();
    health.close();
  }
}
