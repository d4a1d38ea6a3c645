package io.twistd.api.crd;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Secret mounted into the pods. */
public class SecretReference {

  @Required
  @Pattern("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$")
  @JsonPropertyDescription("Name of the Secret in the application's namespace.")
  private String name;

  /** Name of the Secret in the application's namespace. */
  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }
}
