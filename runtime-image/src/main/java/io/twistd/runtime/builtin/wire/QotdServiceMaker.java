package io.twistd.runtime.builtin.wire;

import io.twistd.api.validation.BuiltinServiceTypes;

/** Makes {@code qotd} services: {@link BuiltinServiceTypes#QOTD}. */
public final class QotdServiceMaker extends WireServiceMaker {

  public QotdServiceMaker() {
    super(BuiltinServiceTypes.QOTD, options -> new QotdHandler(options.string("quote")));
  }
}
