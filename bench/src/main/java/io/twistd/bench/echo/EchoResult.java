package io.twistd.bench.echo;

import java.util.HashMap;
import java.util.Map;

/**
 * One measured interval of {@link EchoLoadClient}, parsed from its {@code RESULT} line.
 *
 * @param messagesPerSecond round trips per second, all connections together
 * @param p99Micros the 99th percentile round trip
 * @param cpuNanosPerMessage the server's CPU time (user + system) per round trip
 */
record EchoResult(double messagesPerSecond, double p99Micros, double cpuNanosPerMessage) {

  static EchoResult parse(String output) {
    String line =
        output
            .lines()
            .filter(l -> l.startsWith("RESULT "))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no RESULT line in:\n" + output));
    Map<String, String> fields = new HashMap<>();
    for (String pair : line.substring("RESULT ".length()).split(" ")) {
      String[] kv = pair.split("=", 2);
      fields.put(kv[0], kv[1]);
    }
    if (!"0".equals(fields.get("failures"))) {
      throw new IllegalStateException("connections failed during the measurement: " + line);
    }
    return new EchoResult(
        Double.parseDouble(fields.get("messages_per_second")),
        Double.parseDouble(fields.get("p99_us")),
        Double.parseDouble(fields.get("server_cpu_ns_per_message")));
  }
}
