package io.twistd.bench.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The API server's count of writes ({@code apiserver_request_total} with a writing verb) to the
 * kinds an application and its operator touch, read from the server's {@code /metrics}.
 */
final class ApiWrites {

  private static final Set<String> VERBS = Set.of("POST", "PUT", "PATCH", "DELETE", "APPLY");
  private static final Set<String> RESOURCES =
      Set.of(
          "twistedapplications",
          "configmaps",
          "deployments",
          "services",
          "poddisruptionbudgets",
          "events",
          "secrets");

  private final KubernetesClient client;
  private final String url;

  ApiWrites(KubernetesClient client, String url) {
    this.client = client;
    this.url = url;
  }

  /** Writes so far, by {@code resource[/subresource] VERB}. */
  Map<String, Long> now() {
    Map<String, Long> writes = new TreeMap<>();
    for (String line : client.raw(url + "/metrics").split("\n")) {
      if (!line.startsWith("apiserver_request_total{")) {
        continue;
      }
      String verb = label(line, "verb");
      String resource = label(line, "resource");
      if (!VERBS.contains(verb) || !RESOURCES.contains(resource)) {
        continue;
      }
      String subresource = label(line, "subresource");
      String key = resource + (subresource.isEmpty() ? "" : "/" + subresource) + " " + verb;
      long count = (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      writes.merge(key, count, Long::sum);
    }
    return writes;
  }

  /** The writes in {@code after} that were not yet in {@code before}, leaving out zeros. */
  static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> delta = new TreeMap<>();
    after.forEach(
        (key, count) -> {
          long added = count - before.getOrDefault(key, 0L);
          if (added != 0) {
            delta.put(key, added);
          }
        });
    return delta;
  }

  static long total(Map<String, Long> writes) {
    return writes.values().stream().mapToLong(Long::longValue).sum();
  }

  private static String label(String line, String name) {
    String marker = name + "=\"";
    int start = line.indexOf(marker);
    if (start < 0) {
      return "";
    }
    start += marker.length();
    return line.substring(start, line.indexOf('"', start));
  }
}
