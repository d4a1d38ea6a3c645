package io.twistd.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ServiceDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidatorTest {

  private final ConfigValidator validator = new ConfigValidator(new BuiltinServiceTypes());

  private static ServiceDefinition echo(String name, String... listen) {
    ServiceDefinition service = new ServiceDefinition();
    service.setName(name);
    service.setType("echo");
    service.setListen(new ArrayList<>(Arrays.asList(listen)));
    return service;
  }

  private static AppConfig app(ServiceDefinition... services) {
    AppConfig config = new AppConfig();
    config.setApplication("shop");
    config.setServices(new ArrayList<>(List.of(services)));
    return config;
  }

  private List<String> violations(AppConfig config) {
    return validator.validate(config).stream().map(Violation::toString).toList();
  }

  @Test
  void acceptsAValidTree() {
    assertThat(validator.validate(app(echo("a", "tcp:8000"), echo("b", "unix:/tmp/b")))).isEmpty();
  }

  @Test
  void reportsEveryViolationNotOnlyTheFirst() {
    ServiceDefinition web = new ServiceDefinition();
    web.setName("Web");
    web.setType("web");
    web.setListen(List.of("tcp:99999"));
    web.setOptions(Map.of("listing", "maybe"));
    AppConfig config = app(web, echo("a"));
    config.getLogging().setLevel("chatty");

    assertThat(violations(config))
        .containsExactly(
            "logging.level: 'chatty' is not one of trace, debug, info, warn, error, off",
            "services[0].name: 'Web' is not a DNS label: use at most 63 lowercase letters, digits"
                + " and '-', starting and ending with a letter or digit",
            "services[0].listen[0]: invalid endpoint \"tcp:99999\": port 99999 is out of range"
                + " 0-65535",
            "services[0].options.listing: expected a boolean, got 'maybe'",
            "services[0].options.path: required option of 'web' is missing (string: directory to"
                + " serve)",
            "services[1].listen: type 'echo' needs at least one endpoint to listen on, e.g."
                + " listen: [\"tcp:8080\"]");
  }

  @Test
  void reportsANullServiceWithoutFailing() {
    List<ServiceDefinition> services = new ArrayList<>();
    services.add(null);
    AppConfig config = app();
    config.setServices(services);

    assertThat(violations(config))
        .containsExactly("services[0]: a service must be a mapping with name and type");
  }

  @Test
  void refusesAnEmptyTree() {
    assertThat(violations(app())).containsExactly("services: at least one service is required");
  }

  @Test
  void reportsAPortClaimedByTheAdminServer() {
    assertThat(violations(app(echo("a", "tcp:9990"))))
        .containsExactly("services[0].listen[0]: port 9990 is already used by admin.listen");
  }

  @Test
  void reportsAPortClaimedTwiceUnderSslToo() {
    assertThat(violations(app(echo("a", "tcp:8443"), echo("b", "ssl:8443:privateKey=k.pem"))))
        .containsExactly(
            "services[1].listen[0]: port 8443 is already used by services[0].listen[0]");
  }

  @Test
  void dualStackWildcardClashesWithIpv4() {
    assertThat(violations(app(echo("a", "tcp6:8000"), echo("b", "tcp:8000:127.0.0.1"))))
        .containsExactly(
            "services[1].listen[0]: port 8000 is already used by services[0].listen[0]");
  }

  @Test
  void ipv4WildcardClashesWithAnIpv4Address() {
    assertThat(violations(app(echo("a", "tcp:8000:10.0.0.1"), echo("b", "tcp:8000"))))
        .containsExactly(
            "services[1].listen[0]: port 8000 is already used by services[0].listen[0]");
  }

  @Test
  void samePortOnDistinctAddressesDoesNotClash() {
    AppConfig config =
        app(
            echo("a", "tcp:8000:127.0.0.1", "tcp:8000:10.0.0.1"),
            echo("b", "tcp6:8000:interface=\\:\\:1"));

    assertThat(validator.validate(config)).isEmpty();
  }

  @Test
  void ipv4WildcardDoesNotClashWithAnIpv6Address() {
    assertThat(validator.validate(app(echo("a", "tcp:8000", "tcp6:8000:interface=\\:\\:1"))))
        .isEmpty();
  }

  @Test
  void systemChosenPortsAndUnixSocketsNeverClash() {
    assertThat(
            validator.validate(app(echo("a", "tcp:0", "tcp:0"), echo("b", "unix:/s", "unix:/t"))))
        .isEmpty();
  }

  @Test
  void reportsANullEndpointEntry() {
    assertThat(violations(app(echo("a", (String) null))))
        .containsExactly("services[0].listen[0]: no endpoint given; write one such as tcp:8080");
  }

  @Test
  void reportsAMissingLoggingLevelListingTheChoices() {
    AppConfig config = app(echo("a", "tcp:1"));
    config.getLogging().setLevel(null);

    assertThat(violations(config))
        .containsExactly(
            "logging.level: a value is required, one of trace, debug, info, warn, error, off");
  }
}
