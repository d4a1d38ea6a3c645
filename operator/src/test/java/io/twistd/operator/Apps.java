package io.twistd.operator;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.twistd.api.crd.TwistedApplication;

/** Builds TwistedApplications for tests from YAML, as a user would write them. */
public final class Apps {

  private Apps() {}

  /** Parses a TwistedApplication; {@code name} and {@code namespace} are set in its metadata. */
  public static TwistedApplication fromYaml(String name, String namespace, String specYaml) {
    String yaml =
        """
        apiVersion: twistd.io/v1alpha1
        kind: TwistedApplication
        metadata:
          name: %s
          namespace: %s
        spec:
        %s
        """
            .formatted(name, namespace, specYaml.indent(2));
    return Serialization.unmarshal(yaml, TwistedApplication.class);
  }
}
