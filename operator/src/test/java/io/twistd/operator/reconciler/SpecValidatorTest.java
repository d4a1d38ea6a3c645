package io.twistd.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.twistd.api.crd.TwistedApplication;
import io.twistd.api.validation.BuiltinServiceTypes;
import io.twistd.api.validation.Violation;
import io.twistd.operator.Apps;
import io.twistd.operator.dependent.ConfigRenderer;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

  private final SpecValidator validator = new SpecValidator(new BuiltinServiceTypes());

  private List<Violation> validate(String spec) {
    TwistedApplication app = Apps.fromYaml("shop", "ns", spec);
    String image = app.getSpec().getImage();
    return validator.validate(
        new ConfigRenderer().toAppConfig(app), image != null && !image.isBlank());
  }

  @Test
  void aPluginTypeIsRefusedOnTheDefaultImageWithAHint() {
    assertThat(validate("services: [{name: g, type: greeter, listen: ['tcp:8023']}]"))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("spec.services[0].type");
              assertThat(v.message())
                  .startsWith("unknown service type 'greeter' (known: web, ")
                  .endsWith(
                      "; a plugin's type needs spec.image naming an image that carries the plugin");
            });
  }

  @Test
  void aPluginTypeIsLeftToTheRuntimeOfACustomImageButItsEndpointsAreStillChecked() {
    assertThat(
            validate(
                """
                image: shop/greeter:1
                services:
                  - {name: g, type: greeter, listen: ['tcp:8023'], options: {anything: 1}}
                """))
        .isEmpty();
    assertThat(
            validate(
                """
                image: shop/greeter:1
                services:
                  - {name: g, type: greeter, listen: ['tcp:80x23']}
                  - {name: a, type: echo, listen: ['tcp:9990']}
                """))
        .extracting(Violation::path)
        .containsExactly("spec.services[0].listen[0]", "spec.services[1].listen[0]");
  }

  @Test
  void aValidSpecHasNoViolations() {
    assertThat(validate("services: [{name: echo, type: echo, listen: ['tcp:7000']}]")).isEmpty();
  }

  @Test
  void aPortClashNamesBothListenersBySpecPath() {
    assertThat(
            validate(
                """
                services:
                  - {name: a, type: echo, listen: ['tcp:8080']}
                  - {name: b, type: discard, listen: ['tcp:8080']}
                """))
        .containsExactly(
            new Violation(
                "spec.services[1].listen[0]",
                "port 8080 is already used by spec.services[0].listen[0]"));
  }

  @Test
  void theAdminPortIsReportedOnceInThePodsTerms() {
    assertThat(validate("services: [{name: a, type: echo, listen: ['tcp:9990']}]"))
        .containsExactly(
            new Violation(
                "spec.services[0].listen[0]",
                "port 9990 is the runtime's admin port in the pod; choose another"));
  }
}
