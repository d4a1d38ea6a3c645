package io.twistd.operator.dependent;

import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ConfigLoader;
import io.twistd.api.config.ServiceDefinition;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.api.crd.TwistedApplicationSpec;
import io.twistd.api.validation.BuiltinServiceTypes;
import io.twistd.operator.rollout.ContentHash;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a TwistedApplication's spec into the runtime's {@code app.yaml} and its revision hash. The
 * same spec always renders the same bytes, so the hash changes only when what the pods see does.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigRenderer {

  /** The config file's name in the ConfigMap and under {@code /etc/twistd}. */
  public static final String APP_YAML = "app.yaml";

  /** Where the pods' admin server listens. */
  public static final int ADMIN_PORT = 9990;

  /** How many hex digits of the hash name a revision. */
  private static final int REVISION_DIGITS = 10;

  private final ConfigLoader loader = new ConfigLoader(new BuiltinServiceTypes());

  /** The runtime config the spec describes, without a revision. */
  public AppConfig toAppConfig(TwistedApplication app) {
    TwistedApplicationSpec spec = app.getSpec();
    AppConfig config = new AppConfig();
    config.setApplication(app.getMetadata().getName());
    config.getAdmin().setListen("tcp:" + ADMIN_PORT);
    config.setLogging(spec.getLogging());
    config.setServices(new ArrayList<ServiceDefinition>(spec.getServices()));
    config.setConfig(spec.getConfig());
    return config;
  }

  /**
   * Renders {@code app.yaml} and the files, and names the revision by their hash together with
   * {@code otherInputs}: whatever else the pods see (image, pod settings, Secret contents), by
   * name.
   */
  public RenderedConfig render(TwistedApplication app, Map<String, String> otherInputs) {
    AppConfig config = toAppConfig(app);
    Map<String, String> files = new TreeMap<>(app.getSpec().getFiles());
    String withoutRevision = loader.write(config);
    String revision = hash(withoutRevision, files, new TreeMap<>(otherInputs));
    config.setRevision(revision);
    return new RenderedConfig(revision, loader.write(config), files);
  }

  private static String hash(
      String appYaml, Map<String, String> files, Map<String, String> otherInputs) {
    List<String> parts = new ArrayList<>(List.of(APP_YAML, appYaml));
    files.forEach((name, content) -> parts.addAll(List.of(name, content)));
    // A prefix no file name can have keeps files and other inputs apart.
    otherInputs.forEach((name, content) -> parts.addAll(List.of("//" + name, content)));
    return ContentHash.of(REVISION_DIGITS, parts.toArray(String[]::new));
  }
}
