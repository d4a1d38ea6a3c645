package io.twistd.operator.dependent;

/** Defaults the operator falls back on when neither the spec nor its settings say otherwise. */
public final class OperatorDefaults {

  /** The runtime image built from {@code runtime-image/Dockerfile} at this project's version. */
  public static final String RUNTIME_IMAGE = "twistd/twistd-runtime:0.1.0";

  private OperatorDefaults() {}
}
