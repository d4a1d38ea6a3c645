package io.twistd.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.twistd.api.validation.BuiltinServiceTypes;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One bad {@code app.yaml} per case, with every problem the loader must report, exactly as printed:
 * {@code file:line:column: path: message}, in document order.
 */
class ConfigLoaderProblemsTest {

  private static final String DNS_RULE =
      "use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit";

  private final ConfigLoader loader = new ConfigLoader(new BuiltinServiceTypes());

  private static Arguments bad(String name, String yaml, String... problems) {
    return Arguments.of(Named.of(name, yaml), List.of(problems));
  }

  static Stream<Arguments> badFiles() {
    return Stream.of(
        bad(
            "YAML: an entry indented less than its siblings",
            """
            application: hello
            services:
              - name: echo
                type: echo
               listen: ["tcp:8000"]
            """,
            "app.yaml:5:4: YAML syntax error: this line is indented differently from the block it"
                + " belongs to (the block that starts at line 3, column 3)"),
        bad(
            "YAML: a '[' never closed",
            """
            application: hello
            services:
              - name: echo
                type: echo
                listen: ["tcp:8000"
            """,
            "app.yaml:5:13: YAML syntax error: this '[' is never closed with ']'"),
        bad(
            "YAML: a '[' not closed before the next key",
            """
            application: hello
            services:
              - name: echo
                type: echo
                listen: ["tcp:8000"
                options: {}
            """,
            "app.yaml:6:5: YAML syntax error: expected ',' or ']' in the list opened at line 5,"
                + " column 13; is a ']' missing?"),
        bad(
            "YAML: a '{' never closed",
            """
            application: hello
            services:
              - {name: echo, type: echo, listen: ["tcp:8000"]
            """,
            "app.yaml:3:5: YAML syntax error: this '{' is never closed with '}'"),
        bad(
            "YAML: a quote never closed",
            """
            application: hello
            services:
              - name: "echo
                type: echo
            """,
            "app.yaml:3:11: YAML syntax error: this quoted string is never closed"),
        bad(
            "YAML: a tab indents a line",
            "application: hello\nservices:\n\t- name: echo\n",
            "app.yaml:3:1: YAML syntax error: a tab cannot indent YAML; indent with spaces"),
        bad(
            "YAML: an unquoted ': ' inside a value",
            """
            application: hello
            services:
              - name: echo
                type: echo: fast
            """,
            "app.yaml:4:15: YAML syntax error: a ':' is not allowed here; quote a value that"
                + " contains ': ', or check the indentation"),
        bad(
            "YAML: a key without ':'",
            """
            application: hello
            services:
              - name: echo
                type echo
                listen: ["tcp:8000"]
            """,
            "app.yaml:4:5: YAML syntax error: this line is not 'key: value'; is a ':' missing after"
                + " the key?"),
        bad("an empty file", "", "app.yaml: the file is empty"),
        bad("a file with only comments", "# nothing yet\n\n", "app.yaml: the file is empty"),
        bad(
            "a null document",
            "~\n",
            "app.yaml: the file holds no settings; expected a mapping with application and"
                + " services"),
        bad(
            "a list at the top level",
            """
            - application: hello
            """,
            "app.yaml:1:1: the document must be a mapping of settings (application, services, …),"
                + " got a list"),
        bad(
            "two YAML documents",
            """
            application: hello
            services:
              - {name: echo, type: echo, listen: ["tcp:8000"]}
            ---
            application: other
            """,
            "app.yaml:5:1: the file holds more than one YAML document; put every setting in one"),
        bad(
            "an unknown top-level field",
            """
            application: hello
            servces:
              - {name: echo, type: echo, listen: ["tcp:8000"]}
            """,
            "app.yaml:1:1: services: at least one service is required",
            "app.yaml:2:1: servces: unknown field 'servces' (known: admin, application, config,"
                + " logging, revision, services, shutdown)"),
        bad(
            "an unknown service field",
            """
            application: hello
            services:
              - name: echo
                type: echo
                listen: ["tcp:8000"]
                port: 8000
            """,
            "app.yaml:6:5: services[0].port: unknown field 'port' (known: listen, name, options,"
                + " services, type)"),
        bad(
            "an unknown field in logging",
            """
            application: hello
            logging: {level: info, colour: true}
            services:
              - {name: echo, type: echo, listen: ["tcp:8000"]}
            """,
            "app.yaml:2:24: logging.colour: unknown field 'colour' (known: format, level,"
                + " loggers)"),
        bad(
            "a key given twice in a service",
            """
            application: hello
            services:
              - name: echo
                type: echo
                name: echo2
                listen: ["tcp:8000"]
            """,
            "app.yaml:5:5: services[0].name: key 'name' appears twice in one mapping (first at"
                + " line 3, column 5)"),
        bad(
            "a key given twice in options",
            """
            application: hello
            services:
              - {name: web, type: web, listen: ["tcp:8080"], options: {path: a, path: b}}
            """,
            "app.yaml:3:69: services[0].options.path: key 'path' appears twice in one mapping"
                + " (first at line 3, column 60)"),
        bad(
            "an unknown service type",
            """
            application: hello
            services:
              - name: echo
                type: echoo
                listen: ["tcp:8000"]
            """,
            "app.yaml:4:11: services[0].type: unknown service type 'echoo' (known: web, proxy,"
                + " portforward, echo, discard, chargen, daytime, time, qotd, timer, multi)"),
        bad(
            "two siblings with one name",
            """
            application: hello
            services:
              - {name: echo, type: echo, listen: ["tcp:8000"]}
              - {name: echo, type: discard, listen: ["tcp:8001"]}
            """,
            "app.yaml:4:12: services[1].name: duplicate service name 'echo' among its siblings"),
        bad(
            "two nested siblings with one name",
            """
            application: hello
            services:
              - name: jobs
                type: multi
                services:
                  - {name: tick, type: timer, options: {interval: 5s, log: a}}
                  - {name: tick, type: timer, options: {interval: 5s, log: b}}
            """,
            "app.yaml:7:16: services[0].services[1].name: duplicate service name 'tick' among its"
                + " siblings"),
        bad(
            "names that are not DNS labels",
            """
            application: Hello
            services:
              - {name: My-Echo, type: echo, listen: ["tcp:8000"]}
              - {name: my_echo, type: echo, listen: ["tcp:8001"]}
              - {name: -echo, type: echo, listen: ["tcp:8002"]}
              - {name: a234567890123456789012345678901234567890123456789012345678901234, type: echo, listen: ["tcp:8003"]}
            """,
            "app.yaml:1:14: application: 'Hello' is not a DNS label: " + DNS_RULE,
            "app.yaml:3:12: services[0].name: 'My-Echo' is not a DNS label: " + DNS_RULE,
            "app.yaml:4:12: services[1].name: 'my_echo' is not a DNS label: " + DNS_RULE,
            "app.yaml:5:12: services[2].name: '-echo' is not a DNS label: " + DNS_RULE,
            "app.yaml:6:12: services[3].name: 'a234567890123456789012345678901234567890123456789012345678901234'"
                + " is not a DNS label: it has 64 characters, at most 63"),
        bad(
            "a missing name, type and application, pointing at the enclosing mapping",
            """
            services:
              - type: echo
                listen: ["tcp:8000"]
              - name: second
                listen: ["tcp:8001"]
            """,
            "app.yaml:1:1: application: a name is required",
            "app.yaml:2:5: services[0].name: a name is required",
            "app.yaml:4:5: services[1].type: a service type is required"),
        bad(
            "every kind of bad endpoint, each at its own entry",
            """
            application: hello
            services:
              - name: echo
                type: echo
                listen:
                  - "tcp:65536"
                  - "tcp:-1"
                  - "tcp:http"
                  - "tcp"
                  - "udp:53"
                  - "tcp:8080:host=x"
                  - "tcp:8080:127.0.0.1:5:x"
                  - "tcp:8080:backlog=1:backlog=2"
                  - "tcp:8080:port=8081"
                  - "tcp:8080\\\\"
                  - "tcp:8080:backlog=0"
                  - "unix:/tmp/s:mode=999"
                  - "ssl:8443"
                  - ""
                  -
            """,
            "app.yaml:6:9: services[0].listen[0]: invalid endpoint \"tcp:65536\": port 65536 is out"
                + " of range 0-65535",
            "app.yaml:7:9: services[0].listen[1]: invalid endpoint \"tcp:-1\": port -1 is out of"
                + " range 0-65535",
            "app.yaml:8:9: services[0].listen[2]: invalid endpoint \"tcp:http\": port must be a"
                + " number, got 'http'",
            "app.yaml:9:9: services[0].listen[3]: invalid endpoint \"tcp\": missing required"
                + " argument 'port'",
            "app.yaml:10:9: services[0].listen[4]: invalid endpoint \"udp:53\": unknown endpoint"
                + " type 'udp' (known: tcp, tcp6, ssl, unix)",
            "app.yaml:11:9: services[0].listen[5]: invalid endpoint \"tcp:8080:host=x\": unknown"
                + " argument 'host' for 'tcp' (accepted: port, interface, backlog)",
            "app.yaml:12:9: services[0].listen[6]: invalid endpoint \"tcp:8080:127.0.0.1:5:x\": too"
                + " many positional arguments: 'tcp' takes port, interface, backlog (write a ':'"
                + " inside a value as '\\:')",
            "app.yaml:13:9: services[0].listen[7]: invalid endpoint"
                + " \"tcp:8080:backlog=1:backlog=2\": argument 'backlog' is given twice",
            "app.yaml:14:9: services[0].listen[8]: invalid endpoint \"tcp:8080:port=8081\":"
                + " argument 'port' is given both by position and by name",
            "app.yaml:15:9: services[0].listen[9]: invalid endpoint \"tcp:8080\\\": it ends with a"
                + " lone backslash",
            "app.yaml:16:9: services[0].listen[10]: invalid endpoint \"tcp:8080:backlog=0\":"
                + " backlog must be between 1 and 2147483647, got 0",
            "app.yaml:17:9: services[0].listen[11]: invalid endpoint \"unix:/tmp/s:mode=999\":"
                + " mode must be an octal number such as 660, got '999'",
            "app.yaml:18:9: services[0].listen[12]: invalid endpoint \"ssl:8443\": missing"
                + " required argument 'privateKey'",
            "app.yaml:19:9: services[0].listen[13]: invalid endpoint \"\": it is empty",
            "app.yaml:20:8: services[0].listen[14]: no endpoint given; write one such as"
                + " tcp:8080"),
        bad(
            "a port out of range on the admin endpoint",
            """
            application: hello
            admin: {listen: "tcp:70000"}
            services:
              - {name: echo, type: echo, listen: ["tcp:8000"]}
            """,
            "app.yaml:2:17: admin.listen: invalid endpoint \"tcp:70000\": port 70000 is out of"
                + " range 0-65535"),
        bad(
            "listen on a type that does not listen",
            """
            application: hello
            services:
              - name: tick
                type: timer
                listen: ["tcp:8000"]
                options: {interval: 5s, log: tick}
            """,
            "app.yaml:5:13: services[0].listen: type 'timer' does not listen; remove listen"),
        bad(
            "a listening type without listen",
            """
            application: hello
            services:
              - name: echo
                type: echo
            """,
            "app.yaml:3:5: services[0].listen: type 'echo' needs at least one endpoint to listen"
                + " on, e.g. listen: [\"tcp:8080\"]"),
        bad(
            "a multi service without children",
            """
            application: hello
            services:
              - name: jobs
                type: multi
            """,
            "app.yaml:3:5: services[0].services: a multi service needs at least one child"),
        bad(
            "children on a type that is not multi",
            """
            application: hello
            services:
              - name: echo
                type: echo
                listen: ["tcp:8000"]
                services:
                  - {name: inner, type: echo, listen: ["tcp:8001"]}
            """,
            "app.yaml:7:7: services[0].services: only multi services have children, not 'echo';"
                + " group these under a service of type multi"),
        bad(
            "a missing required option, with and without options",
            """
            application: hello
            services:
              - name: web
                type: web
                listen: ["tcp:8080"]
              - name: web2
                type: web
                listen: ["tcp:8081"]
                options:
                  index: home.html
            """,
            "app.yaml:3:5: services[0].options.path: required option of 'web' is missing (string:"
                + " directory to serve)",
            "app.yaml:10:7: services[1].options.path: required option of 'web' is missing"
                + " (string: directory to serve)"),
        bad(
            "options of the wrong type",
            """
            application: hello
            services:
              - name: web
                type: web
                listen: ["tcp:8080"]
                options: {path: ./www, listing: "yes"}
              - name: proxy
                type: proxy
                listen: ["tcp:8081"]
                options: {upstream: not-a-url, maxIdleConnections: many}
              - name: tick
                type: timer
                options: {interval: abc, log: tick}
            """,
            "app.yaml:6:37: services[0].options.listing: expected a boolean, got 'yes'",
            "app.yaml:10:25: services[1].options.upstream: expected an http:// or https:// URL"
                + " with a host, got 'not-a-url'",
            "app.yaml:10:56: services[1].options.maxIdleConnections: expected an integer, got"
                + " 'many'",
            "app.yaml:13:25: services[2].options.interval: expected a duration such as 250ms, 5s,"
                + " 2m or 1h, got 'abc'"),
        bad(
            "unknown options",
            """
            application: hello
            services:
              - {name: web, type: web, listen: ["tcp:8080"], options: {path: ., colour: red}}
              - {name: echo, type: echo, listen: ["tcp:8081"], options: {size: 1}}
            """,
            "app.yaml:3:77: services[0].options.colour: unknown option 'colour' for 'web' (known:"
                + " path, index, listing)",
            "app.yaml:4:68: services[1].options.size: unknown option 'size': 'echo' takes no"
                + " options"),
        bad(
            "a timer with both log and http, and one with neither",
            """
            application: hello
            services:
              - name: both
                type: timer
                options: {interval: 5s, log: tick, http: "http://x/"}
              - name: neither
                type: timer
                options: {interval: 5s}
            """,
            "app.yaml:5:14: services[0].options: 'timer' takes only one of log, http; got log and"
                + " http",
            "app.yaml:8:14: services[1].options: 'timer' needs one of log, http; none is given"),
        bad(
            "one port used by two services, and one by a service and admin",
            """
            application: hello
            admin:
              listen: "tcp:9000"
            services:
              - {name: a, type: echo, listen: ["tcp:8000"]}
              - {name: b, type: echo, listen: ["tcp:8001", "tcp:8000:interface=127.0.0.1"]}
              - name: jobs
                type: multi
                services:
                  - {name: c, type: echo, listen: ["tcp6:9000"]}
            """,
            "app.yaml:6:48: services[1].listen[1]: port 8000 is already used by"
                + " services[0].listen[0]",
            "app.yaml:10:40: services[2].services[0].listen[0]: port 9000 is already used by"
                + " admin.listen"),
        bad(
            "a bad logging level and format",
            """
            application: hello
            logging:
              level: verbose
              format: xml
              loggers: {io.netty: loud}
            services:
              - {name: echo, type: echo, listen: ["tcp:8000"]}
            """,
            "app.yaml:3:10: logging.level: 'verbose' is not one of trace, debug, info, warn, error,"
                + " off",
            "app.yaml:4:11: logging.format: 'xml' is not one of json, text",
            "app.yaml:5:23: logging.loggers.io.netty: 'loud' is not one of trace, debug, info,"
                + " warn, error, off"),
        bad(
            "bad shutdown durations",
            """
            application: hello
            shutdown:
              drainDelay: soon
              gracePeriod: 0s
            services:
              - {name: echo, type: echo, listen: ["tcp:8000"]}
            """,
            "app.yaml:3:15: shutdown.drainDelay: expected a duration such as 250ms, 5s, 2m or 1h,"
                + " got 'soon'",
            "app.yaml:4:16: shutdown.gracePeriod: must be longer than zero"),
        bad(
            "listen as a string instead of a list",
            """
            application: hello
            services:
              - name: echo
                type: echo
                listen: "tcp:8080"
            """,
            "app.yaml:5:13: services[0].listen: expected a list, got a string; write one item as a"
                + " list: [\"tcp:8080\"]"),
        bad(
            "services as a mapping",
            """
            application: hello
            services:
              echo:
                type: echo
            """,
            "app.yaml:3:3: services: expected a list, got a mapping"),
        bad(
            "a service that is a string, and one that is empty",
            """
            application: hello
            services:
              - echo
              -
              - {name: ok, type: echo, listen: ["tcp:8000"]}
            """,
            "app.yaml:3:5: services[0]: expected a mapping, got a string",
            "app.yaml:4:4: services[1]: a service must be a mapping with name and type"),
        bad(
            "a YAML alias",
            """
            application: hello
            services:
              - &echo {name: echo, type: echo, listen: ["tcp:8000"]}
              - *echo
            """,
            "app.yaml:4:5: services[1]: YAML aliases (*echo) are not supported; write the value"
                + " out"),
        bad(
            "values left empty",
            """
            application: hello
            admin: {listen: }
            shutdown: {drainDelay: }
            services:
              - name: q
                type: qotd
                listen: ["tcp:8017"]
                options: {quote: }
            """,
            "app.yaml:2:16: admin.listen: no endpoint given; write one such as tcp:8080",
            "app.yaml:3:23: shutdown.drainDelay: has no value; write a duration such as 5s, or"
                + " leave it out",
            "app.yaml:8:21: services[0].options.quote: has no value; give one or leave the option"
                + " out"),
        bad(
            "several problems, reported together in document order",
            """
            application: Hello
            colour: blue
            services:
              - name: web
                type: web
                listen: ["tcp:99999"]
              - name: tick
                type: timer
                options: {interval: 5s}
              - name: echo
                type: echo
                listen: "tcp:8000"
                lisen: ["tcp:8000"]
              - name: echo2
                type: echo
                listen: ["tcp:8001", "tcp:8001"]
            logging: {level: loud}
            """,
            "app.yaml:1:14: application: 'Hello' is not a DNS label: " + DNS_RULE,
            "app.yaml:2:1: colour: unknown field 'colour' (known: admin, application, config,"
                + " logging, revision, services, shutdown)",
            "app.yaml:4:5: services[0].options.path: required option of 'web' is missing (string:"
                + " directory to serve)",
            "app.yaml:6:14: services[0].listen[0]: invalid endpoint \"tcp:99999\": port 99999 is"
                + " out of range 0-65535",
            "app.yaml:9:14: services[1].options: 'timer' needs one of log, http; none is given",
            "app.yaml:12:13: services[2].listen: expected a list, got a string; write one item as a"
                + " list: [\"tcp:8000\"]",
            "app.yaml:13:5: services[2].lisen: unknown field 'lisen' (known: listen, name,"
                + " options, services, type)",
            "app.yaml:16:26: services[3].listen[1]: port 8001 is already used by"
                + " services[3].listen[0]",
            "app.yaml:17:18: logging.level: 'loud' is not one of trace, debug, info, warn, error,"
                + " off"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void reportsEveryProblemWithFileLineColumnAndPath(String yaml, List<String> expected) {
    InvalidConfigException refused =
        catchThrowableOfType(InvalidConfigException.class, () -> loader.parse(yaml, "app.yaml"));

    assertThat(refused).as("the file was accepted").isNotNull();
    assertThat(refused.problems()).map(ConfigProblem::toString).containsExactlyElementsOf(expected);
  }

  @Test
  void listsEveryProblemInTheExceptionMessage() {
    InvalidConfigException refused =
        catchThrowableOfType(
            InvalidConfigException.class,
            () ->
                loader.parse(
                    """
                    application: hello
                    services:
                      - {name: a, type: echo, listen: ["tcp:1", "tcp:1"]}
                      - {name: a, type: echo, listen: ["tcp:2"]}
                    """,
                    "/etc/twistd/app.yaml"));

    assertThat(refused)
        .hasMessage(
            """
            2 problems in the configuration:
              /etc/twistd/app.yaml:3:45: services[0].listen[1]: port 1 is already used by \
            services[0].listen[0]
              /etc/twistd/app.yaml:4:12: services[1].name: duplicate service name 'a' among its \
            siblings""");
  }
}
