package io.twistd.runtime.builtin.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.twistd.api.validation.BuiltinServiceTypes;
import io.twistd.runtime.plugin.ServiceMaker;
import io.twistd.runtime.plugin.ServiceMakers;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireServiceMakersTest {

  @Test
  void everyRfcProtocolIsDiscoveredWithItsBuiltinSpec() {
    ServiceMakers makers = ServiceMakers.discover();
    for (var spec :
        List.of(
            BuiltinServiceTypes.ECHO,
            BuiltinServiceTypes.DISCARD,
            BuiltinServiceTypes.CHARGEN,
            BuiltinServiceTypes.DAYTIME,
            BuiltinServiceTypes.TIME,
            BuiltinServiceTypes.QOTD)) {
      assertThat(makers.maker(spec.type()).map(ServiceMaker::spec)).contains(spec);
    }
  }
}
