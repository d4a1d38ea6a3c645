package io.twistd.runtime.builtin.wire;

import io.twistd.api.validation.BuiltinServiceTypes;

/** Makes {@code echo} services: {@link BuiltinServiceTypes#ECHO}. */
public final class EchoServiceMaker extends WireServiceMaker {

  public EchoServiceMaker() {
    super(BuiltinServiceTypes.ECHO, ignored -> EchoHandler.INSTANCE);
  }
}
