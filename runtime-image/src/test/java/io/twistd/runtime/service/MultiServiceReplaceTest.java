package io.twistd.runtime.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * {@link MultiService#replaceService} and {@link MultiService#reorder}, as live reloads use them.
 */
class MultiServiceReplaceTest {

  private final List<String> journal = new CopyOnWriteArrayList<>();

  private RecordingService child(String name) {
    return new RecordingService(name, journal);
  }

  private Application running(RecordingService... children) {
    Application app = new Application("app");
    for (RecordingService child : children) {
      app.addService(child);
    }
    app.start().join();
    journal.clear();
    return app;
  }

  @Test
  void replacementStartsBeforeTheReplacedServiceStopsAndKeepsItsPlace() {
    RecordingService first = child("a");
    RecordingService old = child("b");
    Application app = running(first, old, child("c"));
    RecordingService replacement = child("b");

    app.replaceService(old, replacement).join();

    assertThat(journal).containsExactly("start b", "stop b");
    assertThat(app.services()).extracting(Service::name).containsExactly("a", "b", "c");
    assertThat(app.getServiceNamed("b")).isSameAs(replacement);
    assertThat(replacement.state()).isEqualTo(ServiceState.RUNNING);
    assertThat(replacement.parent()).contains(app);
    assertThat(old.state()).isEqualTo(ServiceState.STOPPED);
    assertThat(old.parent()).isEmpty();
  }

  @Test
  void aReplacementThatFailsToStartLeavesTheOldServiceRunningInPlace() {
    RecordingService old = child("b");
    Application app = running(child("a"), old);
    RecordingService broken = child("b").failingStart("port taken");

    assertThatThrownBy(() -> app.replaceService(old, broken).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(ServiceStartException.class)
        .hasMessage("service 'b' failed to start: port taken");

    assertThat(app.getServiceNamed("b")).isSameAs(old);
    assertThat(old.state()).isEqualTo(ServiceState.RUNNING);
    assertThat(broken.parent()).isEmpty();
    assertThat(journal).containsExactly("start b");
  }

  @Test
  void replacingInAStoppedParentOnlySwapsTheChild() {
    Application app = new Application("app");
    RecordingService old = child("a");
    app.addService(old);
    RecordingService replacement = child("a");

    app.replaceService(old, replacement).join();

    assertThat(app.getServiceNamed("a")).isSameAs(replacement);
    assertThat(journal).isEmpty();
  }

  @Test
  void refusesAReplacementWithAnotherName() {
    RecordingService old = child("a");
    Application app = running(old);

    assertThatThrownBy(() -> app.replaceService(old, child("z")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'z' is not 'a'");
  }

  @Test
  void reorderChangesTheStopOrderAndStartsNothing() {
    Application app = running(child("a"), child("b"), child("c"));

    app.reorder(List.of("c", "a", "b"));
    app.stop().join();

    assertThat(app.services()).extracting(Service::name).containsExactly("c", "a", "b");
    assertThat(journal).containsExactly("stop b", "stop a", "stop c");
  }

  @Test
  void reorderRefusesAListThatIsNotExactlyTheChildren() {
    Application app = running(child("a"), child("b"));

    assertThatThrownBy(() -> app.reorder(List.of("a", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("its children are [a, b]");
    assertThatThrownBy(() -> app.reorder(List.of("a")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(app.services()).extracting(Service::name).containsExactly("a", "b");
  }
}
