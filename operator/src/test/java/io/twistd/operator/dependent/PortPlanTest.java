package io.twistd.operator.dependent;

import static org.assertj.core.api.Assertions.assertThat;

import io.twistd.operator.Apps;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortPlanTest {

  private static List<PortPlan.NamedPort> plan(String services) {
    return PortPlan.of(Apps.fromYaml("a", "ns", "services: " + services).getSpec().getServices());
  }

  @Test
  void namesEachPortAfterItsServiceAndSkipsUnixSockets() {
    assertThat(
            plan(
                "[{name: web, type: web, listen: [\"tcp:8080\", \"unix:/tmp/s\"], options: {path: /w}},"
                    + " {name: jobs, type: multi, services: [{name: echo, type: echo, listen: [\"ssl:8443:privateKey=k\"]}]}]"))
        .containsExactly(
            new PortPlan.NamedPort("web", 8080, "web"),
            new PortPlan.NamedPort("echo", 8443, "jobs/echo"));
  }

  @Test
  void fallsBackToTcpPortWhenTheNameIsTooLongTakenOrHasNoLetter() {
    assertThat(
            plan(
                "[{name: web, type: echo, listen: [\"tcp:80\", \"tcp:81\"]},"
                    + " {name: a-very-long-service-name, type: echo, listen: [\"tcp:82\"]},"
                    + " {name: \"42\", type: echo, listen: [\"tcp:83\"]}]"))
        .extracting(PortPlan.NamedPort::name)
        .containsExactly("web", "tcp-81", "tcp-82", "tcp-83");
  }
}
