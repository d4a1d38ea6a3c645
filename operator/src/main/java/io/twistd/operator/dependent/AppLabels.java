package io.twistd.operator.dependent;

import io.twistd.api.crd.TwistedApplication;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The {@code app.kubernetes.io/*} labels of everything the operator makes for an application. */
public final class AppLabels {

  /** The value of {@code app.kubernetes.io/name} on every object. */
  public static final String NAME = "twistd";

  /** The value of {@code app.kubernetes.io/managed-by}. */
  public static final String MANAGER = "twistd-operator";

  private AppLabels() {}

  /** The labels that select an application's pods; stable for the application's life. */
  public static Map<String, String> selector(TwistedApplication app) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/name", NAME);
    labels.put("app.kubernetes.io/instance", app.getMetadata().getName());
    return labels;
  }

  /** The selector labels plus the informational ones. */
  public static Map<String, String> all(TwistedApplication app) {
    Map<String, String> labels = selector(app);
    labels.put("app.kubernetes.io/component", "runtime");
    labels.put("app.kubernetes.io/managed-by", MANAGER);
    return labels;
  }

  /** The selector as a label-selector string, for {@code status.selector}. */
  public static String selectorString(TwistedApplication app) {
    return selector(app).entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }
}
