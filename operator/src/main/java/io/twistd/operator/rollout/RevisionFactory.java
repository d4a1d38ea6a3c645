package io.twistd.operator.rollout;

import io.twistd.api.crd.TwistedApplication;
import io.twistd.api.crd.TwistedApplicationSpec;
import io.twistd.operator.dependent.ConfigRenderer;
import io.twistd.operator.dependent.RenderedConfig;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes the revision a spec asks for. Its id hashes everything the pods see: {@code app.yaml}, the
 * files, the image, the pod settings and the contents of the mounted Secrets; nothing else
 * (replicas, labels, rollout settings, key order) changes it.
 *
 * <p>Stateless and thread-safe.
 */
public final class RevisionFactory {

  private final ConfigRenderer renderer;
  private final String defaultImage;

  /**
   * @param renderer renders the runtime's config
   * @param defaultImage the runtime image of applications whose {@code spec.image} is empty
   */
  public RevisionFactory(ConfigRenderer renderer, String defaultImage) {
    this.renderer = renderer;
    this.defaultImage = defaultImage;
  }

  /** The revision {@code app}'s spec asks for, given its Secrets' contents. */
  public Revision wanted(TwistedApplication app, SecretFingerprints secrets) {
    TwistedApplicationSpec spec = app.getSpec();
    String image =
        spec.getImage() == null || spec.getImage().isBlank() ? defaultImage : spec.getImage();
    PodInputs pod =
        new PodInputs(
            image,
            spec.getPod(),
            spec.getSecrets(),
            spec.getLogging() == null ? null : spec.getLogging().getFormat());
    Map<String, String> otherInputs = new TreeMap<>();
    otherInputs.put("pod", pod.canonicalJson());
    secrets.byName().forEach((name, hash) -> otherInputs.put("secret/" + name, hash));
    RenderedConfig config = renderer.render(app, otherInputs);
    return new Revision(config, new ArrayList<>(spec.getServices()), pod);
  }
}
