package io.twistd.runtime.builtin.wire;

import io.twistd.api.validation.BuiltinServiceTypes;
import java.time.Clock;

/** Makes {@code time} services: {@link BuiltinServiceTypes#TIME}. */
public final class TimeServiceMaker extends WireServiceMaker {

  public TimeServiceMaker() {
    super(BuiltinServiceTypes.TIME, ignored -> new TimeHandler(Clock.systemUTC()));
  }
}
