package io.twistd.runtime.builtin.wire;

import io.twistd.api.validation.BuiltinServiceTypes;

/** Makes {@code discard} services: {@link BuiltinServiceTypes#DISCARD}. */
public final class DiscardServiceMaker extends WireServiceMaker {

  public DiscardServiceMaker() {
    super(BuiltinServiceTypes.DISCARD, ignored -> DiscardHandler.INSTANCE);
  }
}
