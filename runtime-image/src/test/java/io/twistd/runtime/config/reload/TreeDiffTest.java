package io.twistd.runtime.config.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ConfigLoader;
import io.twistd.runtime.config.TreeBuilder;
import io.twistd.runtime.config.reload.TreeDiff.Add;
import io.twistd.runtime.config.reload.TreeDiff.Change;
import io.twistd.runtime.config.reload.TreeDiff.Remove;
import io.twistd.runtime.config.reload.TreeDiff.Reorder;
import io.twistd.runtime.config.reload.TreeDiff.Replace;
import io.twistd.runtime.config.reload.TreeDiff.Update;
import io.twistd.runtime.plugin.ServiceContext;
import io.twistd.runtime.plugin.ServiceMakers;
import io.twistd.runtime.service.Application;
import io.twistd.runtime.testing.ServiceFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TreeDiff}: the changes between a built (not started) tree and new definitions. */
class TreeDiffTest {

  private static final ServiceMakers MAKERS = ServiceMakers.discover();
  private static final String BASE =
      """
      application: diff
      services:
        - {name: web, type: web, listen: ["tcp:8080"], options: {path: site}}
        - {name: echo, type: echo, listen: ["tcp:8000"]}
        - {name: quote, type: qotd, listen: ["tcp:8017"], options: {quote: hi}}
        - name: jobs
          type: multi
          services: [{name: tick, type: timer, options: {interval: 1h, log: tick}}]
      """;

  @TempDir Path dir;

  private ServiceFixture fixture;
  private TreeBuilder builder;
  private Application tree;

  @BeforeEach
  void build() throws Exception {
    Files.createDirectories(dir.resolve("site"));
    Files.createDirectories(dir.resolve("other"));
    fixture = new ServiceFixture(dir);
    ServiceContext shared = fixture.context();
    builder =
        new TreeBuilder(
            MAKERS,
            factory ->
                new ServiceContext(
                    shared.transport(), shared.metrics(), shared.config(), dir, factory));
    tree = builder.build(parse(BASE));
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  private static AppConfig parse(String yaml) {
    return new ConfigLoader(MAKERS).parse(yaml, "app.yaml");
  }

  private List<Change> diff(String yaml) {
    return new TreeDiff(builder).diff(tree, parse(yaml).getServices());
  }

  private static String edit(String from, String to) {
    return BASE.replace(from, to);
  }

  @Test
  void anIdenticalConfigIsNoChange() {
    assertThat(diff(BASE)).isEmpty();
  }

  @Test
  void comparesOptionsAsConvertedSoADefaultWrittenOutIsNoChange() {
    assertThat(diff(edit("{path: site}", "{path: site, index: index.html, listing: false}")))
        .isEmpty();
  }

  @Test
  void newOptionsOfAReconfigurableServiceChangeItInPlace() {
    List<Change> changes = diff(edit("{path: site}", "{path: other, listing: true}"));

    assertThat(changes).singleElement().isInstanceOf(Update.class);
    Update update = (Update) changes.get(0);
    assertThat(update.path()).isEqualTo("web");
    assertThat(update.service()).isSameAs(tree.getServiceNamed("web"));
    assertThat(update.optionsChanged()).isTrue();
    assertThat(update.listenChanged()).isFalse();
  }

  @Test
  void newEndpointsChangeAListeningServiceInPlace() {
    Update update = (Update) diff(edit("tcp:8000", "tcp:8001")).get(0);

    assertThat(update.path()).isEqualTo("echo");
    assertThat(update.listenChanged()).isTrue();
    assertThat(update.optionsChanged()).isFalse();
  }

  @Test
  void newOptionsOfAServiceThatCannotTakeThemReplaceIt() {
    Replace replace = (Replace) diff(edit("{quote: hi}", "{quote: hello}")).get(0);

    assertThat(replace.path()).isEqualTo("quote");
    assertThat(replace.why()).isEqualTo("a qotd service cannot change its options in place");
  }

  @Test
  void aNewTypeReplacesTheService() {
    Replace replace = (Replace) diff(edit("type: echo", "type: discard")).get(0);

    assertThat(replace.path()).isEqualTo("echo");
    assertThat(replace.why()).isEqualTo("its type changed from echo to discard");
  }

  @Test
  void changesInsideAMultiServiceAreFoundByPath() {
    Update update = (Update) diff(edit("interval: 1h", "interval: 5s")).get(0);

    assertThat(update.path()).isEqualTo("jobs/tick");
    assertThat(update.parent()).isSameAs(tree.getServiceNamed("jobs"));
  }

  @Test
  void addsComeBeforeRemovalsAndSiblingsAreReorderedLast() {
    String next =
        """
        application: diff
        services:
          - {name: daytime, type: daytime, listen: ["tcp:8013"]}
          - {name: web, type: web, listen: ["tcp:8080"], options: {path: site}}
          - {name: quote, type: qotd, listen: ["tcp:8017"], options: {quote: hi}}
          - name: jobs
            type: multi
            services: [{name: tick, type: timer, options: {interval: 1h, log: tick}}]
        """;

    List<Change> changes = diff(next);

    assertThat(changes).hasSize(3);
    assertThat(changes.get(0)).isInstanceOf(Add.class);
    assertThat(changes.get(0).path()).isEqualTo("daytime");
    assertThat(changes.get(1)).isInstanceOf(Remove.class);
    assertThat(changes.get(1).path()).isEqualTo("echo");
    assertThat(((Reorder) changes.get(2)).names())
        .containsExactly("daytime", "web", "quote", "jobs");
  }

  @Test
  void aServiceAddedAtTheEndNeedsNoReorder() {
    List<Change> changes = diff(BASE + "  - {name: day, type: daytime, listen: [\"tcp:8013\"]}\n");

    assertThat(changes).singleElement().isInstanceOf(Add.class);
  }

  @Test
  void removalsComeInReverseTreeOrder() {
    String next =
        """
        application: diff
        services:
          - {name: web, type: web, listen: ["tcp:8080"], options: {path: site}}
        """;

    assertThat(diff(next)).extracting(Change::path).containsExactly("jobs", "quote", "echo");
  }
}
