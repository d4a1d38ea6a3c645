package io.twistd.operator;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.twistd.api.crd.TwistedApplication;

/** Builds TwistedApplications for tests from YAML, as a user would write them. */
public final class Apps {

  private Apps() {}

  /** Parses a TwistedApplication; {@code name} and {@code namespace} are set in its metadata. */
  public static TwistedApplication fromYaml(String name, String namespace, String specYaml) {
    return Serialization.unmarshal(yaml(name, namespace, specYaml), TwistedApplication.class);
  }

  /** The resource's YAML as a user writes it, with {@code specYaml} under {@code spec:}. */
  public static String yaml(String name, String namespace, String specYaml) {
    return """
        apiVersion: twistd.io/v1alpha1
        kind: TwistedApplication
        metadata:
          name: %s
          namespace: %s
        spec:
        %s
        """
        .formatted(name, namespace, specYaml.indent(2));
  }
}
