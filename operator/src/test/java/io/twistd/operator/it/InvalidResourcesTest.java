package io.twistd.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.twistd.api.config.ServiceDefinition;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.operator.Apps;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.KubeTestEnvExtension;
import io.twistd.testenv.NodeAgent;
import io.twistd.testenv.PodBehaviour;
import io.twistd.testenv.PodPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Invalid TwistedApplications meet one of three layers, each with a message that names the field
 * and the problem: the CRD's schema and its CEL rules (the API server refuses them with 422), and
 * the operator's semantic checks ({@code ConfigValid=False}, a Warning Event, nothing applied).
 */
@ExtendWith(KubeTestEnvExtension.class)
class InvalidResourcesTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final ResourceDefinitionContext TAPPS =
      ResourceDefinitionContext.fromResourceType(TwistedApplication.class);
  private static final String ECHO = "services: [{name: echo, type: echo, listen: ['tcp:7000']}]";
  private static final String SHAPE = "in body should match '" + ServiceDefinition.ENDPOINT_SHAPE;
  private static final String PORTS_RULE =
      "spec.services: Invalid value: \"array\": ports must be between 1 and 65535";
  private static final String UNIQUE_RULE =
      "Invalid value: \"array\": service names must be unique among siblings";
  private static final String MULTI_CHILDREN_RULE =
      "spec.services: Invalid value: \"array\": a multi service needs at least one child, and"
          + " only multi services have children";
  private static final String MULTI_LISTEN_RULE =
      "Invalid value: \"object\": a multi service does not listen; give its children the"
          + " endpoints";
  private static final String FILES_RULE =
      "spec.files: Invalid value: \"object\": file names must be plain names of letters, digits,"
          + " '-', '_' and '.', and not app.yaml";

  @RegisterExtension static final OperatorHarness harness = new OperatorHarness();
  private static String namespace;
  private final KubernetesClient client;

  InvalidResourcesTest(KubernetesClient client) {
    this.client = client;
  }

  @BeforeAll
  static void createNamespace(ControlPlane kube) {
    namespace = kube.createNamespace("invalid", Map.of());
  }

  /** A spec the API server refuses, and what its answer must say. */
  record Refused(String name, String spec, String... problems) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Refused> schemaViolations() {
    return Stream.of(
        new Refused(
            "replicas-negative",
            "replicas: -1\n" + ECHO,
            "spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or"
                + " equal to 0"),
        new Refused(
            "replicas-not-a-number",
            "replicas: two\n" + ECHO,
            "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type"
                + " integer: \"string\""),
        new Refused("no-services", "replicas: 1", "spec.services: Required value"),
        new Refused(
            "empty-services",
            "services: []",
            "spec.services: Invalid value: 0: spec.services in body should have at least 1 items"),
        new Refused(
            "service-without-name",
            "services: [{type: echo, listen: ['tcp:7000']}]",
            "spec.services[0].name: Required value"),
        new Refused(
            "service-without-type",
            "services: [{name: echo, listen: ['tcp:7000']}]",
            "spec.services[0].type: Required value"),
        new Refused(
            "name-with-uppercase",
            "services: [{name: Echo, type: echo, listen: ['tcp:7000']}]",
            "spec.services[0].name: Invalid value: \"Echo\": spec.services[0].name in body should"
                + " match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'"),
        new Refused(
            "name-of-64-characters",
            "services: [{name: " + "a".repeat(64) + ", type: echo, listen: ['tcp:7000']}]",
            "spec.services[0].name: Too long: may not be more than 63 bytes"),
        new Refused(
            "nested-name-with-underscore",
            "services: [{name: jobs, type: multi, services: [{name: my_beat, type: timer}]}]",
            "spec.services[0].services[0].name: Invalid value: \"my_beat\":"),
        new Refused(
            "type-not-matching-its-pattern",
            "services: [{name: echo, type: Echo_1, listen: ['tcp:7000']}]",
            "spec.services[0].type: Invalid value: \"Echo_1\": spec.services[0].type in body"
                + " should match '^[a-z][-a-z0-9]*$'"),
        endpoint("endpoint-of-unknown-type", "http:80"),
        endpoint("endpoint-without-port", "tcp:"),
        endpoint("endpoint-on-port-0", "tcp:0"),
        endpoint("endpoint-with-text-after-port", "tcp:8080x"),
        endpoint("endpoint-on-port-70000", "tcp:70000", PORTS_RULE),
        endpoint("endpoint-on-port-65536", "tcp:65536", PORTS_RULE),
        endpoint("endpoint-on-keyword-port-65536", "tcp:port=65536", PORTS_RULE),
        endpoint("ssl-endpoint-on-port-65536", "ssl:65536:privateKey=key.pem", PORTS_RULE),
        new Refused(
            "endpoint-longer-than-256",
            "services: [{name: echo, type: echo, listen: ['tcp:7000:interface="
                + "a".repeat(250)
                + "']}]",
            "spec.services[0].listen[0]: Too long: may not be more than 256 bytes"),
        new Refused(
            "nine-listen-entries",
            "services: [{name: echo, type: echo, listen: ["
                + IntStream.range(0, 9)
                    .mapToObj(i -> "'tcp:" + (7000 + i) + "'")
                    .collect(Collectors.joining(", "))
                + "]}]",
            "spec.services[0].listen: Too many: 9: must have at most 8 items"),
        new Refused(
            "thirty-three-services",
            "services: ["
                + IntStream.range(0, 33)
                    .mapToObj(
                        i -> "{name: s" + i + ", type: echo, listen: ['tcp:" + (7000 + i) + "']}")
                    .collect(Collectors.joining(", "))
                + "]",
            "spec.services: Too many: 33: must have at most 32 items"),
        new Refused(
            "options-not-a-mapping",
            "services: [{name: echo, type: echo, listen: ['tcp:7000'], options: fast}]",
            "spec.services[0].options: Invalid value: \"string\": spec.services[0].options in body"
                + " must be of type object: \"string\""),
        new Refused(
            "config-not-a-mapping",
            "config: [1, 2]\n" + ECHO,
            "spec.config: Invalid value: \"array\": spec.config in body must be of type object:"
                + " \"array\""),
        new Refused(
            "secret-name-invalid",
            "secrets: [{name: Bad_Secret}]\n" + ECHO,
            "spec.secrets[0].name: Invalid value: \"Bad_Secret\": spec.secrets[0].name in body"
                + " should match '^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$'"),
        new Refused(
            "secret-without-name",
            "secrets: [{}]\n" + ECHO,
            "spec.secrets[0].name: Required value"),
        new Refused(
            "progress-deadline-zero",
            "rollout: {progressDeadlineSeconds: 0}\n" + ECHO,
            "spec.rollout.progressDeadlineSeconds: Invalid value: 0:"
                + " spec.rollout.progressDeadlineSeconds in body should be greater than or equal"
                + " to 1"),
        new Refused(
            "revision-history-limit-negative",
            "rollout: {revisionHistoryLimit: -1}\n" + ECHO,
            "spec.rollout.revisionHistoryLimit: Invalid value: -1:"
                + " spec.rollout.revisionHistoryLimit in body should be greater than or equal to"
                + " 0"),
        new Refused(
            "rollout-strategy-unknown",
            "rollout: {strategy: BlueGreen}\n" + ECHO,
            "spec.rollout.strategy: Unsupported value: \"BlueGreen\": supported values:"
                + " \"HotReload\", \"Restart\""));
  }

  private static Refused endpoint(String name, String endpoint, String... more) {
    String[] problems = new String[more.length + 1];
    problems[0] =
        "spec.services[0].listen[0]: Invalid value: \""
            + endpoint
            + "\": spec.services[0].listen[0] "
            + SHAPE;
    System.arraycopy(more, 0, problems, 1, more.length);
    return new Refused(
        name, "services: [{name: echo, type: echo, listen: ['" + endpoint + "']}]", problems);
  }

  static Stream<Refused> celViolations() {
    return Stream.of(
        new Refused(
            "expose-type-ingress",
            "expose: {type: Ingress}\n" + ECHO,
            "spec.expose.type: Invalid value: \"string\": expose.type must be ClusterIP, NodePort,"
                + " LoadBalancer or None"),
        new Refused("file-name-with-slash", "files: {etc/motd: hi}\n" + ECHO, FILES_RULE),
        new Refused("file-named-app-yaml", "files: {app.yaml: hi}\n" + ECHO, FILES_RULE),
        new Refused(
            "duplicate-names-at-the-top",
            "services: [{name: a, type: echo, listen: ['tcp:7000']},"
                + " {name: a, type: discard, listen: ['tcp:7001']}]",
            "spec.services: " + UNIQUE_RULE),
        new Refused(
            "duplicate-names-nested",
            "services: [{name: jobs, type: multi, services: ["
                + "{name: a, type: echo, listen: ['tcp:7000']},"
                + " {name: a, type: discard, listen: ['tcp:7001']}]}]",
            "spec.services[0].services: " + UNIQUE_RULE),
        new Refused(
            "duplicate-names-deepest",
            "services: [{name: jobs, type: multi, services: [{name: more, type: multi, services: ["
                + "{name: a, type: echo, listen: ['tcp:7000']},"
                + " {name: a, type: discard, listen: ['tcp:7001']}]}]}]",
            "spec.services[0].services[0].services: " + UNIQUE_RULE),
        new Refused(
            "multi-without-children", "services: [{name: jobs, type: multi}]", MULTI_CHILDREN_RULE),
        new Refused(
            "multi-with-empty-children",
            "services: [{name: jobs, type: multi, services: []}]",
            MULTI_CHILDREN_RULE),
        new Refused(
            "echo-with-children",
            "services: [{name: echo, type: echo, listen: ['tcp:7000'],"
                + " services: [{name: inner, type: discard, listen: ['tcp:7001']}]}]",
            MULTI_CHILDREN_RULE),
        new Refused(
            "multi-that-listens",
            "services: [{name: jobs, type: multi, listen: ['tcp:7000'],"
                + " services: [{name: echo, type: echo, listen: ['tcp:7001']}]}]",
            "spec.services[0]: " + MULTI_LISTEN_RULE),
        new Refused(
            "nested-multi-that-listens",
            "services: [{name: jobs, type: multi, services: [{name: more, type: multi,"
                + " listen: ['tcp:7000'], services: [{name: echo, type: echo, listen:"
                + " ['tcp:7001']}]}]}]",
            "spec.services[0].services[0]: " + MULTI_LISTEN_RULE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemaViolations")
  void theApiServerRefusesASpecOutsideTheSchema(Refused refused) {
    assertRefused(refused);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("celViolations")
  void theApiServerRefusesASpecThatBreaksACelRule(Refused refused) {
    assertRefused(refused);
  }

  private void assertRefused(Refused refused) {
    assertThatThrownBy(() -> createRaw(refused.name(), refused.spec()))
        .asInstanceOf(type(KubernetesClientException.class))
        .satisfies(
            e -> {
              assertThat(e.getCode()).isEqualTo(422);
              assertThat(e.getStatus().getMessage())
                  .startsWith("TwistedApplication.twistd.io \"" + refused.name() + "\" is invalid")
                  .contains(refused.problems());
            });
    assertThat(app(refused.name())).isNull();
  }

  /** A spec the API server accepts and the operator refuses, with the ConfigValid message. */
  record Invalid(String name, String spec, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Invalid> semanticViolations() {
    return Stream.of(
        new Invalid(
            "unknown-type",
            "services: [{name: svc, type: gopher, listen: ['tcp:7000']}]",
            "spec.services[0].type: unknown service type 'gopher' (known: web, proxy,"
                + " portforward, echo, discard, chargen, daytime, time, qotd, timer, multi);"
                + " a plugin's type needs spec.image naming an image that carries the plugin"),
        new Invalid(
            "web-without-path",
            "services: [{name: site, type: web, listen: ['tcp:8080']}]",
            "spec.services[0].options.path: required option of 'web' is missing (string:"
                + " directory to serve)"),
        new Invalid(
            "timer-with-log-and-http",
            "services: [{name: beat, type: timer,"
                + " options: {interval: 30s, log: alive, http: 'http://example.com/'}}]",
            "spec.services[0].options: 'timer' takes only one of log, http; got log and http"),
        new Invalid(
            "timer-with-neither-log-nor-http",
            "services: [{name: beat, type: timer, options: {interval: 30s}}]",
            "spec.services[0].options: 'timer' needs one of log, http; none is given"),
        new Invalid(
            "interval-soon",
            "services: [{name: beat, type: timer, options: {interval: soon, log: alive}}]",
            "spec.services[0].options.interval: expected a duration such as 250ms, 5s, 2m or 1h,"
                + " got 'soon'"),
        new Invalid(
            "proxy-upstream-not-a-url",
            "services: [{name: api, type: proxy, listen: ['tcp:8081'],"
                + " options: {upstream: not-a-url}}]",
            "spec.services[0].options.upstream: expected an http:// or https:// URL with a host,"
                + " got 'not-a-url'"),
        new Invalid(
            "unknown-option",
            "services: [{name: site, type: web, listen: ['tcp:8080'],"
                + " options: {path: /srv/www, colour: blue}}]",
            "spec.services[0].options.colour: unknown option 'colour' for 'web' (known: path,"
                + " index, listing)"),
        new Invalid(
            "integer-option-not-a-number",
            "services: [{name: db, type: portforward, listen: ['tcp:5432'],"
                + " options: {host: db, port: five}}]",
            "spec.services[0].options.port: expected an integer, got 'five'"),
        new Invalid(
            "two-services-on-one-port",
            "services: [{name: a, type: echo, listen: ['tcp:8080']},"
                + " {name: b, type: discard, listen: ['tcp:8080']}]",
            "spec.services[1].listen[0]: port 8080 is already used by spec.services[0].listen[0]"),
        new Invalid(
            "tls-and-plain-on-one-port",
            "services: [{name: a, type: echo, listen: ['tcp:8443']},"
                + " {name: b, type: echo, listen: ['ssl:8443:privateKey=/etc/twistd/tls.pem']}]",
            "spec.services[1].listen[0]: port 8443 is already used by spec.services[0].listen[0]"),
        new Invalid(
            "the-admin-port",
            "services: [{name: a, type: echo, listen: ['tcp:9990']}]",
            "spec.services[0].listen[0]: port 9990 is the runtime's admin port in the pod;"
                + " choose another"),
        new Invalid(
            "multi-at-the-deepest-level",
            // the schema ends at this level, so the API server prunes the innermost children
            "services: [{name: a, type: multi, services: [{name: b, type: multi, services:"
                + " [{name: c, type: multi, services: [{name: d, type: echo, listen:"
                + " ['tcp:7000']}]}]}]}]",
            "spec.services[0].services[0].services[0].services: a multi service needs at least"
                + " one child"),
        new Invalid(
            "nested-multi-without-children",
            "services: [{name: a, type: multi, services: [{name: b, type: multi}]}]",
            "spec.services[0].services[0].services: a multi service needs at least one child"),
        new Invalid(
            "nested-echo-with-children",
            "services: [{name: a, type: multi, services: [{name: b, type: echo, listen:"
                + " ['tcp:7000'], services: [{name: c, type: echo, listen: ['tcp:7001']}]}]}]",
            "spec.services[0].services[0].services: only multi services have children, not"
                + " 'echo'; group these under a service of type multi"),
        new Invalid(
            "unix-endpoint-with-invalid-mode",
            "services: [{name: a, type: echo, listen: ['unix:/tmp/echo.sock:mode=999']}]",
            "spec.services[0].listen[0]: invalid endpoint \"unix:/tmp/echo.sock:mode=999\": mode"
                + " must be an octal number such as 660, got '999'"),
        new Invalid(
            "ssl-endpoint-without-private-key",
            "services: [{name: a, type: echo, listen: ['ssl:8443']}]",
            "spec.services[0].listen[0]: invalid endpoint \"ssl:8443\": missing required argument"
                + " 'privateKey'"),
        new Invalid(
            "timer-that-listens",
            "services: [{name: beat, type: timer, listen: ['tcp:7000'],"
                + " options: {interval: 30s, log: alive}}]",
            "spec.services[0].listen: type 'timer' does not listen; remove listen"),
        new Invalid(
            "echo-without-endpoint",
            "services: [{name: a, type: echo}]",
            "spec.services[0].listen: type 'echo' needs at least one endpoint to listen on, e.g."
                + " listen: [\"tcp:8080\"]"),
        new Invalid(
            "logging-level-unknown",
            "logging: {level: loud}\n" + ECHO,
            "spec.logging.level: 'loud' is not one of trace, debug, info, warn, error, off"),
        new Invalid(
            "every-violation-at-once",
            "services: [{name: a, type: gopher}, {name: b, type: web, listen: ['tcp:8080']}]",
            "spec.services[0].type: unknown service type 'gopher' (known: web, proxy,"
                + " portforward, echo, discard, chargen, daytime, time, qotd, timer, multi);"
                + " a plugin's type needs spec.image naming an image that carries the plugin;"
                + " spec.services[1].options.path: required option of 'web' is missing (string:"
                + " directory to serve)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("semanticViolations")
  void theOperatorRefusesASemanticallyInvalidSpecAndCreatesNothing(Invalid invalid) {
    createRaw(invalid.name(), invalid.spec());

    Condition configValid = awaitConfigValid(namespace, invalid.name(), "False");
    assertThat(configValid.getReason()).isEqualTo("InvalidSpec");
    assertThat(configValid.getMessage()).isEqualTo(invalid.message());
    assertThat(app(invalid.name()).getStatus().getPhase()).isEqualTo("Invalid");
    await()
        .atMost(TIMEOUT)
        .untilAsserted(
            () ->
                assertThat(client.v1().events().inNamespace(namespace).list().getItems())
                    .anySatisfy(
                        event -> {
                          assertThat(event.getInvolvedObject().getName()).isEqualTo(invalid.name());
                          assertThat(event.getType()).isEqualTo("Warning");
                          assertThat(event.getReason()).isEqualTo("InvalidSpec");
                          assertThat(event.getMessage())
                              .isEqualTo("ConfigValid=False: " + invalid.message());
                        }));
    // The status is written after the workflow would have run, so anything applied exists by now.
    assertThat(deployment(namespace, invalid.name())).isNull();
    assertThat(configMapNames(namespace, invalid.name())).isEmpty();
    assertThat(client.services().inNamespace(namespace).withName(invalid.name()).get()).isNull();
    assertThat(
            client
                .policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(namespace)
                .withName(invalid.name())
                .get())
        .isNull();
  }

  @Test
  void anInvalidChangeLeavesTheRunningDeploymentAsItIsUntilTheSpecIsFixed(ControlPlane kube) {
    String ns = kube.createNamespace("invalid-running", Map.of());
    String services =
        "[{\"name\": \"web\", \"type\": \"web\", \"listen\": [\"tcp:8080\"],"
            + " \"options\": {\"path\": \"/srv/www\"}},"
            + " {\"name\": \"api\", \"type\": \"proxy\", \"listen\": [\"tcp:8081\"],"
            + " \"options\": {\"upstream\": \"%s\"}}]";
    try (NodeAgent node =
        NodeAgent.start(client, "node-" + ns, ns, PodPolicy.always(PodBehaviour.READY))) {
      client
          .genericKubernetesResources(TAPPS)
          .inNamespace(ns)
          .resource(raw("shop", ns, "replicas: 2\nservices: " + services.formatted("http://a:80")))
          .create();
      await().atMost(TIMEOUT).until(() -> "Ready".equals(phase(ns, "shop")));
      TwistedApplication ready = app(ns, "shop");
      String revision = ready.getStatus().getCurrentRevision();
      Deployment running = deployment(ns, "shop");
      long generation = running.getMetadata().getGeneration();
      PodTemplateSpec template = running.getSpec().getTemplate();
      Set<String> configMaps = configMapNames(ns, "shop");

      long invalidGeneration =
          patchSpec(ns, "shop", "{\"services\": " + services.formatted("not-a-url") + "}");

      Condition configValid = awaitConfigValid(ns, "shop", "False");
      assertThat(configValid.getObservedGeneration()).isEqualTo(invalidGeneration);
      assertThat(configValid.getMessage())
          .isEqualTo(
              "spec.services[1].options.upstream: expected an http:// or https:// URL with a"
                  + " host, got 'not-a-url'");
      TwistedApplication invalid = app(ns, "shop");
      assertThat(invalid.getStatus().getPhase()).isEqualTo("Invalid");
      assertThat(invalid.getStatus().getCurrentRevision()).isEqualTo(revision);
      assertThat(condition(invalid, "Ready")).map(Condition::getStatus).contains("True");
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () -> {
                Deployment now = deployment(ns, "shop");
                assertThat(now.getMetadata().getGeneration()).isEqualTo(generation);
                assertThat(now.getSpec().getTemplate()).isEqualTo(template);
                assertThat(configMapNames(ns, "shop")).isEqualTo(configMaps);
              });

      long fixedGeneration =
          patchSpec(
              ns, "shop", "{\"services\": " + services.formatted("http://backend:8080") + "}");

      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  condition(app(ns, "shop"), "ConfigValid")
                      .filter(c -> c.getObservedGeneration() == fixedGeneration)
                      .filter(c -> "True".equals(c.getStatus()))
                      .isPresent());
      await()
          .atMost(TIMEOUT)
          .until(
              () ->
                  "Ready".equals(phase(ns, "shop"))
                      && !revision.equals(app(ns, "shop").getStatus().getCurrentRevision()));
      String fixed = app(ns, "shop").getStatus().getCurrentRevision();
      assertThat(app(ns, "shop").getStatus().getLastGoodRevision()).isEqualTo(fixed);
      Deployment rolled = deployment(ns, "shop");
      assertThat(rolled.getMetadata().getGeneration()).isGreaterThan(generation);
      assertThat(rolled.getSpec().getTemplate().getMetadata().getAnnotations())
          .containsEntry("twistd.io/revision", fixed);
      assertThat(configMapNames(ns, "shop"))
          .containsAll(configMaps)
          .contains("shop-config-" + fixed);
    }
  }

  private void createRaw(String name, String spec) {
    client
        .genericKubernetesResources(TAPPS)
        .inNamespace(namespace)
        .resource(raw(name, namespace, spec))
        .create();
  }

  /** The resource as a user would write it, untyped, so that it may break the schema. */
  private static GenericKubernetesResource raw(String name, String namespace, String spec) {
    return Serialization.unmarshal(
        Apps.yaml(name, namespace, spec), GenericKubernetesResource.class);
  }

  /** Merges {@code specJson} into the spec without optimistic locking; returns the generation. */
  private long patchSpec(String ns, String name, String specJson) {
    return client
        .resources(TwistedApplication.class)
        .inNamespace(ns)
        .withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\": " + specJson + "}")
        .getMetadata()
        .getGeneration();
  }

  private Condition awaitConfigValid(String ns, String name, String status) {
    return await()
        .atMost(TIMEOUT)
        .until(
            () -> {
              TwistedApplication app = app(ns, name);
              return condition(app, "ConfigValid")
                  .filter(c -> c.getObservedGeneration().equals(app.getMetadata().getGeneration()))
                  .filter(c -> status.equals(c.getStatus()))
                  .orElse(null);
            },
            c -> c != null);
  }

  private static Optional<Condition> condition(TwistedApplication app, String type) {
    if (app == null || app.getStatus() == null) {
      return Optional.empty();
    }
    return app.getStatus().getConditions().stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst();
  }

  private String phase(String ns, String name) {
    TwistedApplication app = app(ns, name);
    return app == null || app.getStatus() == null ? null : app.getStatus().getPhase();
  }

  private TwistedApplication app(String name) {
    return app(namespace, name);
  }

  private TwistedApplication app(String ns, String name) {
    return client.resources(TwistedApplication.class).inNamespace(ns).withName(name).get();
  }

  private Deployment deployment(String ns, String name) {
    return client.apps().deployments().inNamespace(ns).withName(name).get();
  }

  private Set<String> configMapNames(String ns, String name) {
    return client
        .configMaps()
        .inNamespace(ns)
        .withLabel("app.kubernetes.io/instance", name)
        .list()
        .getItems()
        .stream()
        .map(ConfigMap::getMetadata)
        .map(m -> m.getName())
        .collect(Collectors.toSet());
  }
}
