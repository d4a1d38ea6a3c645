package io.twistd.operator.dependent;

import io.twistd.api.config.AppConfig;
import io.twistd.api.config.ConfigLoader;
import io.twistd.api.config.ServiceDefinition;
import io.twistd.api.crd.TwistedApplication;
import io.twistd.api.crd.TwistedApplicationSpec;
import io.twistd.api.validation.BuiltinServiceTypes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
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

  /** Renders {@code app.yaml} and the files, and names the revision by their hash. */
  public RenderedConfig render(TwistedApplication app) {
    AppConfig config = toAppConfig(app);
    Map<String, String> files = new TreeMap<>(app.getSpec().getFiles());
    String withoutRevision = loader.write(config);
    String revision = hash(withoutRevision, files);
    config.setRevision(revision);
    return new RenderedConfig(revision, loader.write(config), files);
  }

  private static String hash(String appYaml, Map<String, String> files) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      update(digest, APP_YAML, appYaml);
      files.forEach((name, content) -> update(digest, name, content));
      return HexFormat.of().formatHex(digest.digest()).substring(0, REVISION_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static void update(MessageDigest digest, String name, String content) {
    // Length-prefixed so that moving bytes between a name and its content changes the hash.
    for (String part : new String[] {name, content}) {
      byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
      digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
      digest.update((byte) ':');
      digest.update(bytes);
    }
  }
}
