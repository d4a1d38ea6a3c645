package io.twistd.examples.greeter;

import static org.assertj.core.api.Assertions.assertThat;

import io.twistd.api.validation.BuiltinServiceTypes;
import io.twistd.api.validation.ServiceTypeSpec;
import io.twistd.runtime.plugin.ServiceMakers;
import org.junit.jupiter.api.Test;

class GreeterDiscoveryTest {

  @Test
  void discoveryFindsTheGreeterBesideTheBuiltins() {
    ServiceMakers makers = ServiceMakers.discover();

    assertThat(makers.maker("greeter")).get().isInstanceOf(GreeterServiceMaker.class);
    assertThat(makers.find("greeter")).contains(GreeterServiceMaker.SPEC);
    assertThat(makers.all())
        .extracting(ServiceTypeSpec::type)
        .contains("greeter", BuiltinServiceTypes.MULTI.type(), BuiltinServiceTypes.ECHO.type());
  }
}
