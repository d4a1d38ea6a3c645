package io.twistd.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.twistd.operator.dependent.OperatorDefaults;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar twistd-operator.jar}: runs the operator against the current kubeconfig. */
@Command(
    name = "twistd-operator",
    mixinStandardHelpOptions = true,
    description = "Runs TwistedApplications on Kubernetes.")
public final class OperatorMain implements Callable<Integer> {

  @Option(
      names = "--namespaces",
      defaultValue = "${env:WATCH_NAMESPACES:-}",
      description = "Comma-separated namespaces to watch; empty for all (env WATCH_NAMESPACES).")
  String namespaces;

  @Option(
      names = "--runtime-image",
      defaultValue = "${env:TWISTD_RUNTIME_IMAGE:-" + OperatorDefaults.RUNTIME_IMAGE + "}",
      description = "Runtime image for applications that name none (default: ${DEFAULT-VALUE}).")
  String runtimeImage;

  @Option(
      names = "--leader-election",
      negatable = true,
      defaultValue = "${env:LEADER_ELECTION:-true}",
      fallbackValue = "true",
      description = "Take the Lease before reconciling (default: ${DEFAULT-VALUE}).")
  boolean leaderElection;

  @Option(
      names = "--lease-namespace",
      defaultValue = "${env:POD_NAMESPACE:-default}",
      description = "Namespace of the leader-election Lease (env POD_NAMESPACE).")
  String leaseNamespace;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description = "Port of /healthz, /readyz and /metrics (default: ${DEFAULT-VALUE}).")
  int httpPort;

  public static void main(String[] args) {
    System.exit(new CommandLine(new OperatorMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    Set<String> watched =
        Arrays.stream(namespaces.split(","))
            .map(String::trim)
            .filter(ns -> !ns.isEmpty())
            .collect(Collectors.toSet());
    KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                // as JOSDK configures its own client: many reconciles may write at once
                new ConfigBuilder(Config.autoConfigure(null))
                    .withMaxConcurrentRequests(ConfigurationService.DEFAULT_MAX_CONCURRENT_REQUEST)
                    .withMaxConcurrentRequestsPerHost(
                        ConfigurationService.DEFAULT_MAX_CONCURRENT_REQUEST)
                    .build())
            .build();
    OperatorSettings settings =
        new OperatorSettings(watched, runtimeImage, leaderElection, leaseNamespace, httpPort);
    CountDownLatch stopped = new CountDownLatch(1);
    TwistdOperator operator = TwistdOperator.start(client, settings);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  operator.close();
                  client.close();
                  stopped.countDown();
                },
                "shutdown"));
    stopped.await();
    return 0;
  }
}
