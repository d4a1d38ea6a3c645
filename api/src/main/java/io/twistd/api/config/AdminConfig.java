package io.twistd.api.config;

/** Where the runtime's admin HTTP endpoints listen. */
public class AdminConfig {

  /** The admin endpoint used when none is configured. */
  public static final String DEFAULT_LISTEN = "tcp:9990";

  private String listen = DEFAULT_LISTEN;

  /** The endpoint string of the admin server (health, readiness, metrics, status). */
  public String getListen() {
    return listen;
  }

  public void setListen(String listen) {
    this.listen = listen;
  }
}
