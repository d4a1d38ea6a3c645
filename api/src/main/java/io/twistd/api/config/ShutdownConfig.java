package io.twistd.api.config;

/** How the runtime stops: first it stops being ready, then drains, then stops services. */
public class ShutdownConfig {

  private String drainDelay = "5s";
  private String gracePeriod = "25s";

  /** How long to keep serving after readiness turns false, so load balancers notice; e.g. 5s. */
  public String getDrainDelay() {
    return drainDelay;
  }

  public void setDrainDelay(String drainDelay) {
    this.drainDelay = drainDelay;
  }

  /** How long in-flight work and service stops may take before the process gives up; e.g. 25s. */
  public String getGracePeriod() {
    return gracePeriod;
  }

  public void setGracePeriod(String gracePeriod) {
    this.gracePeriod = gracePeriod;
  }
}
