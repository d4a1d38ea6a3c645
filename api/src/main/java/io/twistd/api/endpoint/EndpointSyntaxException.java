package io.twistd.api.endpoint;

/** Thrown when an endpoint description string cannot be parsed; the message says what and where. */
public final class EndpointSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * @param description the offending endpoint string, quoted in the message
   * @param problem what is wrong with it, e.g. {@code "port 70000 is out of range 0-65535"}
   */
  public EndpointSyntaxException(String description, String problem) {
    super("invalid endpoint \"" + description + "\": " + problem);
  }
}
