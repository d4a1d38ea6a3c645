package io.twistd.deploy.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.api.validation.BuiltinServiceTypes;
import io.twistd.deploy.ProjectFiles;
import io.twistd.operator.dependent.ConfigRenderer;
import io.twistd.operator.reconciler.SpecValidator;
import io.twistd.testenv.ControlPlane;
import io.twistd.testenv.CrdInstaller;
import io.twistd.testenv.KubeTestEnvExtension;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example manifest is accepted by the real API server (server-side apply, dry run: the CRD's
 * schema and CEL rules judge it) and by the operator's own checks, so {@code kubectl apply -f
 * examples/...} works as its README says.
 */
@ExtendWith(KubeTestEnvExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExamplesDryRunTest {

  private static final String CRD = "crds/twistedapplications.twistd.io-v1.yml";

  private final SpecValidator validator = new SpecValidator(new BuiltinServiceTypes());
  private final ConfigRenderer renderer = new ConfigRenderer();
  private ControlPlane kube;
  private KubernetesClient client;
  private String namespace;

  @BeforeAll
  void installCrd(ControlPlane kube) {
    this.kube = kube;
    client = kube.client();
    CrdInstaller.install(client, ProjectFiles.at(CRD));
    namespace = kube.createNamespace("examples", Map.of());
  }

  static Stream<String> manifests() {
    return ExampleFiles.manifests().stream().map(ExampleFiles::name);
  }

  @Test
  void everyExampleHasAReadmeAndTheIssuesExamplesAreThere() {
    assertThat(ExampleFiles.directories())
        .allSatisfy(d -> assertThat(d.resolve("README.md")).isRegularFile());
    assertThat(manifests())
        .contains(
            "examples/static-site/site.yaml",
            "examples/proxy-echo/echo.yaml",
            "examples/proxy-echo/edge.yaml",
            "examples/hot-reload/greeting.yaml",
            "examples/plugin-greeter/greeter.yaml");
    assertThat(ProjectFiles.at("examples/plugin-greeter/Dockerfile")).isRegularFile();
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void apiServerAcceptsTheManifest(String manifest) {
    for (HasMetadata object : load(ProjectFiles.at(manifest))) {
      HasMetadata applied = dryRunApply(object);

      assertThat(applied.getMetadata().getName()).isEqualTo(object.getMetadata().getName());
      assertThat(applied.getMetadata().getUid()).as("a dry run stores nothing").isNotNull();
      assertThat(client.resource(object).inNamespace(namespace).get()).isNull();
    }
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void operatorFindsNothingWrongWithTheApplications(String manifest) {
    List<TwistedApplication> apps = applications(ProjectFiles.at(manifest));

    assertThat(apps).isNotEmpty();
    assertThat(apps)
        .allSatisfy(
            app ->
                assertThat(validator.validate(renderer.toAppConfig(app), hasImage(app))).isEmpty());
  }

  @Test
  void theApplicationTheChartsNotesSuggestIsValidToo() {
    String notes =
        new Helm(ProjectFiles.chart())
            .install()
            .withName("notes")
            .withNamespace("twistd-system")
            .withKubeConfig(kube.kubeconfig())
            .dryRun()
            .withDryRunOption(DryRun.CLIENT)
            .call()
            .getOutput();
    String yaml =
        notes.substring(notes.indexOf("<<'YAML'\n") + 9, notes.indexOf("\n  YAML\n")).stripIndent();
    TwistedApplication app =
        client.getKubernetesSerialization().unmarshal(yaml, TwistedApplication.class);

    assertThat(validator.validate(renderer.toAppConfig(app), hasImage(app))).isEmpty();
    assertThat(dryRunApply(app).getMetadata().getName()).isEqualTo("hello");
  }

  private static boolean hasImage(TwistedApplication app) {
    return app.getSpec().getImage() != null && !app.getSpec().getImage().isBlank();
  }

  @Test
  void aBrokenExampleIsRefusedSoTheDryRunJudges() {
    TwistedApplication app = applications(ProjectFiles.at("examples/static-site/site.yaml")).get(0);
    app.getSpec().getServices().get(0).setListen(List.of("tcp:99999"));

    assertThatThrownBy(() -> dryRunApply(app))
        .isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("spec.services[0].listen[0]");
  }

  private List<HasMetadata> load(Path manifest) {
    try (InputStream in = Files.newInputStream(manifest)) {
      return client.load(in).items();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + manifest, e);
    }
  }

  private List<TwistedApplication> applications(Path manifest) {
    return load(manifest).stream()
        .filter(o -> "TwistedApplication".equals(o.getKind()))
        .map(o -> client.getKubernetesSerialization().convertValue(o, TwistedApplication.class))
        .toList();
  }

  private HasMetadata dryRunApply(HasMetadata object) {
    // the CRD may have just been installed: retry until the API server serves it
    return await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptionsMatching(e -> e.getMessage() != null && e.getMessage().contains("404"))
        .until(
            () ->
                client
                    .resource(object)
                    .inNamespace(namespace)
                    .dryRun()
                    .fieldManager("examples-test")
                    .forceConflicts()
                    .serverSideApply(),
            applied -> applied != null);
  }
}
