package io.twistd.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.twistd.api.crd.RolloutStrategy;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.operator.Apps;
import io.twistd.operator.dependent.ConfigRenderer;
import io.twistd.operator.dependent.DesiredState;
import io.twistd.operator.dependent.PodTemplateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What makes a new revision, how a revision is kept and read back, and which ones are pruned. */
class RevisionTest {

  private final RevisionFactory revisions = new RevisionFactory(new ConfigRenderer(), "img:1");
  private final RevisionSnapshots snapshots = new RevisionSnapshots();
  private static final SecretFingerprints NO_SECRETS = new SecretFingerprints(Map.of(), List.of());

  private static TwistedApplication app(String extra) {
    return Apps.fromYaml(
        "shop",
        "ns",
        "services: [{name: web, type: web, listen: ['tcp:8080'], options: {path: /srv}}]\n"
            + "config: {a: 1}\n"
            + extra);
  }

  private String id(String extra) {
    return revisions.wanted(app(extra), NO_SECRETS).id();
  }

  private static SecretFingerprints secret(String value) {
    return SecretFingerprints.of(
        app("secrets: [{name: tls}]").getSpec().getSecrets(),
        "ns",
        name ->
            Optional.of(
                new SecretBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .addToLabels("any", value.equals("one") ? "label" : "other-label")
                    .endMetadata()
                    .withData(Map.of("tls.key", value))
                    .build()));
  }

  @Test
  void imagePodSettingsAndSecretContentsMakeNewRevisionsButReplicasAndRolloutSettingsDoNot() {
    String base = id("");

    assertThat(id("image: other:2")).isNotEqualTo(base);
    assertThat(id("pod: {env: [{name: A, value: b}]}")).isNotEqualTo(base);
    assertThat(id("replicas: 7")).isEqualTo(base);
    assertThat(id("rollout: {progressDeadlineSeconds: 9, revisionHistoryLimit: 1}"))
        .isEqualTo(base);
    assertThat(id("image: img:1")).as("the default image, named").isEqualTo(base);
    TwistedApplication withSecret = app("secrets: [{name: tls}]");
    assertThat(revisions.wanted(withSecret, secret("one")).id())
        .isNotEqualTo(revisions.wanted(withSecret, secret("two")).id());
  }

  @Test
  void underHotReloadOnlyWhatCannotReloadChangesThePodTemplate() {
    PodTemplateFactory templates = new PodTemplateFactory("img:1");
    java.util.function.Function<String, Map<String, String>> marker =
        extra ->
            PodTemplateFactory.marker(
                new DesiredState(
                    revisions.wanted(app(extra), NO_SECRETS),
                    RolloutStrategy.HotReload,
                    templates));

    Map<String, String> base = marker.apply("");

    assertThat(marker.apply("files: {motd: hi}")).as("a file").isEqualTo(base);
    assertThat(marker.apply("logging: {level: debug}")).as("the log level").isEqualTo(base);
    assertThat(marker.apply("logging: {format: text}")).as("the log format").isNotEqualTo(base);
    assertThat(marker.apply("image: other:2")).as("the image").isNotEqualTo(base);
  }

  @Test
  void missingSecretNamesItsEntry() {
    SecretFingerprints missing =
        SecretFingerprints.of(
            app("secrets: [{name: a}, {name: b}]").getSpec().getSecrets(),
            "ns",
            name -> Optional.empty());

    assertThat(missing.complete()).isFalse();
    assertThat(missing.missing())
        .extracting(v -> v.path())
        .containsExactly("spec.secrets[0].name", "spec.secrets[1].name");
  }

  @Test
  void aSnapshotReadsBackAsTheSameRevision() {
    TwistedApplication app =
        app("image: x:1\npod: {env: [{name: A, value: b}], nodeSelector: {disk: ssd}}");
    Revision revision = revisions.wanted(app, NO_SECRETS);

    ConfigMap snapshot = snapshots.toConfigMap(app, revision);
    Revision read = snapshots.fromConfigMap(snapshot).orElseThrow();

    assertThat(snapshot.getMetadata().getName()).isEqualTo("shop-config-" + revision.id());
    assertThat(snapshot.getImmutable()).isTrue();
    assertThat(read.id()).isEqualTo(revision.id());
    assertThat(read.config()).isEqualTo(revision.config());
    assertThat(read.pod().canonicalJson()).isEqualTo(revision.pod().canonicalJson());
    assertThat(read.services()).extracting("name").containsExactly("web");
    assertThat(RevisionSnapshots.isSnapshotOf(snapshot, app)).isTrue();
  }

  @Test
  void aSnapshotOfAPluginTypeReadsBackThoughTheOperatorDoesNotKnowTheType() {
    TwistedApplication app =
        Apps.fromYaml(
            "greet",
            "ns",
            "image: greeter:1\nservices: [{name: g, type: greeter, listen: ['tcp:8023']}]");
    Revision revision = revisions.wanted(app, NO_SECRETS);

    Revision read = snapshots.fromConfigMap(snapshots.toConfigMap(app, revision)).orElseThrow();

    assertThat(read.services()).extracting("type").containsExactly("greeter");
  }

  @Test
  void pruningKeepsTheCurrentTheLimitOfOthersAndTheLastGoodOne() {
    TwistedApplication app = app("rollout: {revisionHistoryLimit: 2}");
    List<ConfigMap> all = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      Revision revision = revisions.wanted(app("files: {v.txt: '" + i + "'}"), NO_SECRETS);
      ConfigMap c = snapshots.toConfigMap(app, revision);
      c.getMetadata().setCreationTimestamp("2026-11-27T00:00:0" + i + "Z");
      all.add(c);
    }
    String oldest = revisionOf(all.get(0));
    String newest = revisionOf(all.get(5));

    List<String> pruned =
        new RevisionPruner()
            .prunable(app, all, newest, oldest).stream().map(RevisionTest::revisionOf).toList();

    assertThat(pruned).containsExactlyInAnyOrder(revisionOf(all.get(1)), revisionOf(all.get(2)));
  }

  private static String revisionOf(ConfigMap c) {
    return c.getMetadata().getLabels().get(RevisionSnapshots.REVISION_LABEL);
  }
}
