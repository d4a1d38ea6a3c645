package io.twistd.runtime.builtin.wire;

import io.twistd.api.validation.BuiltinServiceTypes;
import java.time.Clock;

/** Makes {@code daytime} services: {@link BuiltinServiceTypes#DAYTIME}. */
public final class DaytimeServiceMaker extends WireServiceMaker {

  public DaytimeServiceMaker() {
    super(BuiltinServiceTypes.DAYTIME, ignored -> new DaytimeHandler(Clock.systemUTC()));
  }
}
