package io.twistd.runtime.builtin.wire;

import io.twistd.api.validation.BuiltinServiceTypes;

/** Makes {@code chargen} services: {@link BuiltinServiceTypes#CHARGEN}. */
public final class ChargenServiceMaker extends WireServiceMaker {

  public ChargenServiceMaker() {
    super(BuiltinServiceTypes.CHARGEN, ignored -> ChargenHandler.INSTANCE);
  }
}
