package io.twistd.operator.dependent;

import java.util.Map;

/**
 * What the pods of one revision see under {@code /etc/twistd}: {@code app.yaml} and the extra
 * files, and the content hash that names the revision.
 *
 * @param revision the first hex digits of the SHA-256 of everything below
 * @param appYaml the runtime's config file, with {@code revision:} set
 * @param files the extra files, by name
 */
public record RenderedConfig(String revision, String appYaml, Map<String, String> files) {

  /** The ConfigMap's data: {@code app.yaml} plus the extra files. */
  public Map<String, String> data() {
    Map<String, String> data = new java.util.TreeMap<>(files);
    data.put(ConfigRenderer.APP_YAML, appYaml);
    return data;
  }
}
