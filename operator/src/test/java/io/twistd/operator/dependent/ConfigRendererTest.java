package io.twistd.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ConfigLoader;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.operator.Apps;
import io.twistd.runtime.plugin.ServiceMakers;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigRendererTest {

  private final ConfigRenderer renderer = new ConfigRenderer();

  private static TwistedApplication shop(String config) {
    return Apps.fromYaml(
        "shop",
        "default",
        """
        replicas: 2
        services:
          - {name: web, type: web, listen: ["tcp:8080"], options: {path: /srv/www}}
          - {name: jobs, type: multi, services: [{name: beat, type: timer, options: {interval: 30s, log: alive}}]}
        config: %s
        files: {motd.txt: welcome}
        """
            .formatted(config));
  }

  @Test
  void rendersAnAppYamlThatTheRuntimesOwnLoaderAccepts() {
    RenderedConfig rendered =
        renderer.render(shop("{greeting: hello, limits: {rps: 10}}"), Map.of());

    AppConfig loaded =
        new ConfigLoader(ServiceMakers.discover()).parse(rendered.appYaml(), "app.yaml");

    assertThat(loaded.getApplication()).isEqualTo("shop");
    assertThat(loaded.getRevision()).isEqualTo(rendered.revision());
    assertThat(loaded.getAdmin().getListen()).isEqualTo("tcp:9990");
    assertThat(loaded.getServices()).extracting("name").containsExactly("web", "jobs");
    assertThat(loaded.getServices().get(1).getServices().get(0).getOptions())
        .containsEntry("interval", "30s");
    assertThat(loaded.getConfig()).containsEntry("greeting", "hello");
    assertThat(rendered.data()).containsKeys("app.yaml", "motd.txt");
  }

  @Test
  void sameContentGivesTheSameRevisionWhateverTheKeyOrder() {
    String first = renderer.render(shop("{a: 1, b: {x: 1, y: 2}}"), Map.of()).revision();
    String reordered = renderer.render(shop("{b: {y: 2, x: 1}, a: 1}"), Map.of()).revision();

    assertThat(reordered).isEqualTo(first).hasSize(10).matches("[0-9a-f]+");
  }

  @Test
  void anyChangeInWhatPodsSeeGivesANewRevision() {
    String base = renderer.render(shop("{a: 1}"), Map.of()).revision();
    TwistedApplication otherFile = shop("{a: 1}");
    otherFile.getSpec().getFiles().put("motd.txt", "welcome back");

    assertThat(renderer.render(shop("{a: 2}"), Map.of()).revision()).isNotEqualTo(base);
    assertThat(renderer.render(otherFile, Map.of()).revision()).isNotEqualTo(base);
  }

  @Test
  void replicasAndMetadataDoNotChangeTheRevision() {
    TwistedApplication scaled = shop("{a: 1}");
    scaled.getSpec().setReplicas(7);
    scaled.getMetadata().getLabels().put("team", "payments");

    assertThat(renderer.render(scaled, Map.of()).revision())
        .isEqualTo(renderer.render(shop("{a: 1}"), Map.of()).revision());
  }
}
