package io.twistd.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.twistd.api.validation.BuiltinServiceTypes;
import io.twistd.operator.dependent.PodTemplateFactory;
import io.twistd.operator.reconciler.SpecValidator;
import io.twistd.operator.reconciler.TwistedApplicationReconciler;
import io.twistd.operator.status.EventRecorder;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's object graph, built by hand: the reconciler and its collaborators, the JOSDK
 * {@link Operator}, metrics and the health server. {@link #start} wires and starts it; {@link
 * #close} stops it.
 */
public final class TwistdOperator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TwistdOperator.class);

  private final Operator operator;
  private final HealthServer health;
  private final PrometheusMeterRegistry metrics;

  private TwistdOperator(Operator operator, HealthServer health, PrometheusMeterRegistry metrics) {
    this.operator = operator;
    this.health = health;
    this.metrics = metrics;
  }

  /** The operator's meters, as {@code /metrics} serves them. */
  public PrometheusMeterRegistry metrics() {
    return metrics;
  }

  /**
   * Registers the reconciler and starts watching; returns once the informers have synced (or, with
   * leader election, once the operator waits for the Lease).
   */
  public static TwistdOperator start(KubernetesClient client, OperatorSettings settings) {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Operator operator =
        new Operator(
            overrider -> {
              overrider
                  .withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(metrics));
              if (settings.leaderElection()) {
                overrider.withLeaderElectionConfiguration(
                    new LeaderElectionConfiguration(
                        OperatorSettings.LEASE_NAME, settings.leaseNamespace()));
              }
            });
    TwistedApplicationReconciler reconciler =
        new TwistedApplicationReconciler(
            new SpecValidator(new BuiltinServiceTypes()),
            new PodTemplateFactory(settings.runtimeImage()),
            new EventRecorder(client),
            metrics);
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
        "twistd-operator watching {}; default runtime image {}; health and metrics on :{}",
        settings.namespaces().isEmpty() ? "all namespaces" : settings.namespaces(),
        settings.runtimeImage(),
        health.address().getPort());
    return new TwistdOperator(operator, health, metrics);
  }

  /** Where /healthz, /readyz and /metrics are served. */
  public InetSocketAddress healthAddress() {
    return health.address();
  }

  @Override
  public void close() {
    operator.stop();
    health.close();
  }
}
