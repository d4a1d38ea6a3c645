package io.twistd.runtime.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class MultiServiceTest {

  private final List<String> journal = new CopyOnWriteArrayList<>();

  private RecordingService child(String name) {
    return new RecordingService(name, journal);
  }

  @Test
  void startsChildrenInOrderAndStopsThemInReverse() {
    Application app = new Application("app");
    app.addService(child("a"));
    app.addService(child("b"));
    MultiService group = new MultiService("group");
    group.addService(child("c"));
    app.addService(group);

    app.start().join();
    app.stop().join();

    assertThat(journal)
        .containsExactly("start a", "start b", "start c", "stop c", "stop b", "stop a");
    assertThat(app.state()).isEqualTo(ServiceState.STOPPED);
  }

  @Test
  void failureInTheMiddleOfStartStopsWhatStartedAndNamesTheChild() {
    Application app = new Application("app");
    app.addService(child("a"));
    MultiService jobs = new MultiService("jobs");
    jobs.addService(child("tick").failingStart("port taken"));
    app.addService(jobs);
    RecordingService never = child("never");
    app.addService(never);

    assertThatThrownBy(() -> app.start().join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(ServiceStartException.class)
        .hasMessage("service 'jobs/tick' failed to start: port taken");

    assertThat(journal).containsExactly("start a", "start tick", "stop a");
    assertThat(app.state()).isEqualTo(ServiceState.FAILED);
    assertThat(never.state()).isEqualTo(ServiceState.STOPPED);
  }

  @Test
  void stopsOnlyChildrenThatStartedAndCollectsEveryStopError() {
    Application app = new Application("app");
    app.addService(child("a").failingStop("a is stuck"));
    app.addService(child("b"));
    app.addService(child("c").failingStop("c is stuck"));
    app.start().join();

    assertThatThrownBy(() -> app.stop().join())
        .cause()
        .isInstanceOf(ServiceStopException.class)
        .hasMessage("2 services failed to stop: 'c': c is stuck; 'a': a is stuck");
    assertThat(journal).endsWith("stop c", "stop b", "stop a");
    assertThat(app.state()).isEqualTo(ServiceState.STOPPED);
  }

  @Test
  void boundsEachStopByTheTimeoutAndGoesOnWithTheOthers() {
    Application app = new Application("app");
    app.setStopTimeout(Duration.ofMillis(100));
    app.addService(child("a"));
    app.addService(child("slow").hangingStop());
    app.start().join();

    assertThatThrownBy(() -> app.stop().join())
        .cause()
        .isInstanceOfSatisfying(
            ServiceStopException.class,
            e -> {
              assertThat(e.failures()).hasSize(1);
              assertThat(e.failures().get(0).servicePath()).isEqualTo("slow");
              assertThat(e.failures().get(0).cause())
                  .isInstanceOf(TimeoutException.class)
                  .hasMessage("did not stop within 100ms");
            });
    assertThat(journal).endsWith("stop slow", "stop a");
  }

  @Test
  void childAddedToARunningParentStartsAtOnce() {
    Application app = new Application("app");
    app.start().join();
    RecordingService late = child("late");

    app.addService(late).join();

    assertThat(late.state()).isEqualTo(ServiceState.RUNNING);
    assertThat(journal).containsExactly("start late");
  }

  @Test
  void childAddedToAStoppedParentWaitsForTheParentsStart() {
    Application app = new Application("app");
    RecordingService early = child("early");
    app.addService(early).join();

    assertThat(early.state()).isEqualTo(ServiceState.STOPPED);
    assertThat(journal).isEmpty();
  }

  @Test
  void refusesASecondChildWithTheSameName() {
    Application app = new Application("app");
    app.addService(child("web"));

    assertThatThrownBy(() -> app.addService(child("web")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a service named 'web' already exists in 'app'");
  }

  @Test
  void removingARunningChildStopsIt() {
    Application app = new Application("app");
    RecordingService a = child("a");
    app.addService(a);
    app.start().join();

    a.disownServiceParent().join();

    assertThat(a.state()).isEqualTo(ServiceState.STOPPED);
    assertThat(a.parent()).isEmpty();
    assertThat(app.services()).isEmpty();
  }

  @Test
  void getServiceNamedThrowsListingTheChildrenWhenAbsent() {
    Application app = new Application("app");
    app.addService(child("a"));
    app.addService(child("b"));

    assertThat(app.getServiceNamed("b").name()).isEqualTo("b");
    assertThatThrownBy(() -> app.getServiceNamed("x"))
        .isInstanceOf(NoSuchElementException.class)
        .hasMessage("no service named 'x' in 'app' (children: a, b)");
  }

  @Test
  void setServiceParentMovesAServiceBetweenParents() {
    MultiService first = new MultiService("first");
    MultiService second = new MultiService("second");
    RecordingService a = child("a");
    a.setServiceParent(first);

    a.setServiceParent(second);

    assertThat(first.services()).isEmpty();
    assertThat(second.services()).containsExactly(a);
    assertThat(a.parent()).contains(second);
  }

  @Test
  void stoppingAStoppedServiceIsANoOpAndStartingARunningOneFails() {
    RecordingService a = child("a");
    a.stop().join();
    assertThat(journal).isEmpty();

    a.start().join();
    assertThatThrownBy(() -> a.start().join())
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("service 'a' cannot start while RUNNING");
  }

  @Test
  void aFailedServiceCanBeStartedAgain() {
    Application app = new Application("app");
    app.addService(child("a").failingStart("first try fails"));
    assertThatThrownBy(() -> app.start().join()).hasCauseInstanceOf(ServiceStartException.class);

    assertThat(app.state()).isEqualTo(ServiceState.FAILED);
    assertThatThrownBy(() -> app.start().join()).hasCauseInstanceOf(ServiceStartException.class);
    assertThat(journal).containsExactly("start a", "start a");
  }
}
