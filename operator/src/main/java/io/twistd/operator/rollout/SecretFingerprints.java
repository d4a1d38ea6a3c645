package io.twistd.operator.rollout;

import io.fabric8.kubernetes.api.model.Secret;
import io.twistd.api.crd.SecretReference;
import io.twistd.api.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The contents of the Secrets an application mounts, reduced to one hash each, so that a rotated
 * Secret makes a new revision and an unchanged one (whatever its labels or annotations) does not.
 *
 * @param byName each found Secret's hash, by Secret name
 * @param missing one violation per Secret that does not exist, naming its {@code spec.secrets}
 *     entry
 */
public record SecretFingerprints(Map<String, String> byName, List<Violation> missing) {

  private static final int DIGITS = 16;

  /**
   * Looks up every Secret of {@code references} with {@code lookup} (the operator's Secret cache).
   *
   * @param namespace where the Secrets must be, for the messages
   */
  public static SecretFingerprints of(
      List<SecretReference> references,
      String namespace,
      Function<String, Optional<Secret>> lookup) {
    Map<String, String> byName = new TreeMap<>();
    List<Violation> missing = new ArrayList<>();
    for (int i = 0; i < references.size(); i++) {
      String name = references.get(i).getName();
      Optional<Secret> secret = lookup.apply(name);
      if (secret.isPresent()) {
        byName.put(name, hash(secret.get()));
      } else {
        missing.add(
            new Violation(
                "spec.secrets[" + i + "].name",
                "Secret \""
                    + name
                    + "\" does not exist in namespace \""
                    + namespace
                    + "\"; nothing rolls out until it is created"));
      }
    }
    return new SecretFingerprints(Map.copyOf(byName), List.copyOf(missing));
  }

  /** Whether every referenced Secret exists. */
  public boolean complete() {
    return missing.isEmpty();
  }

  private static String hash(Secret secret) {
    Map<String, String> data = new TreeMap<>();
    if (secret.getData() != null) {
      data.putAll(secret.getData());
    }
    if (secret.getStringData() != null) {
      secret.getStringData().forEach((key, value) -> data.put("string:" + key, value));
    }
    String[] parts =
        data.entrySet().stream()
            .flatMap(e -> Stream.of(e.getKey(), e.getValue()))
            .toArray(String[]::new);
    return ContentHash.of(DIGITS, parts);
  }
}
