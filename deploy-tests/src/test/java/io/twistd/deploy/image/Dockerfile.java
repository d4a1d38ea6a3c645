package io.twistd.deploy.image;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.twistd.deploy.ProjectFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile read the way an image build reads it, as far as these tests need: its instructions
 * (continuation lines joined, comments dropped), {@code ARG} defaults substituted into {@code
 * FROM}, {@code COPY} and {@code LABEL}, and the exec-form {@code ENTRYPOINT} and {@code CMD}. No
 * Docker engine runs where the project builds, so this is how the tests check the images.
 */
final class Dockerfile {

  /** One instruction: its keyword in upper case and the rest of the line. */
  record Instruction(String keyword, String arguments) {}

  /** A {@code COPY}: files of the build context, and where they go in the image. */
  record Copy(List<String> sources, String destination) {}

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");
  private static final Pattern LABEL = Pattern.compile("([\\w.-]+)=\"([^\"]*)\"");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path context;
  private final List<Instruction> instructions;
  private final Map<String, String> args;

  private Dockerfile(Path context, List<Instruction> instructions) {
    this.context = context;
    this.instructions = instructions;
    this.args = new LinkedHashMap<>();
    for (Instruction i : instructions) {
      if (i.keyword().equals("ARG")) {
        String[] nameValue = i.arguments().split("=", 2);
        args.put(nameValue[0].trim(), nameValue.length > 1 ? nameValue[1].trim() : "");
      }
    }
  }

  /** The Dockerfile in {@code contextDir} (relative to the repository root), its build context. */
  static Dockerfile in(String contextDir) {
    Path context = ProjectFiles.at(contextDir);
    return new Dockerfile(context, parse(ProjectFiles.read(context.resolve("Dockerfile"))));
  }

  private static List<Instruction> parse(String text) {
    List<Instruction> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.lines().toList()) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String[] keywordRest = current.toString().split("\\s+", 2);
      out.add(new Instruction(keywordRest[0].toUpperCase(), keywordRest[1].strip()));
      current.setLength(0);
    }
    return out;
  }

  /** The build context directory. */
  Path context() {
    return context;
  }

  /** Every instruction, in order. */
  List<Instruction> instructions() {
    return instructions;
  }

  /** The default of build argument {@code name}. */
  String arg(String name) {
    String value = args.get(name);
    if (value == null) {
      throw new AssertionError("the Dockerfile in " + context + " declares no ARG " + name);
    }
    return value;
  }

  /** The base image, build arguments substituted. */
  String from() {
    return expand(only("FROM").arguments());
  }

  /** Every {@code COPY} (and {@code ADD}) from the build context. */
  List<Copy> copies() {
    List<Copy> out = new ArrayList<>();
    for (Instruction i : instructions) {
      if (i.keyword().equals("COPY") || i.keyword().equals("ADD")) {
        List<String> words = new ArrayList<>(Arrays.asList(expand(i.arguments()).split("\\s+")));
        words.removeIf(w -> w.startsWith("--"));
        String destination = words.remove(words.size() - 1);
        out.add(new Copy(List.copyOf(words), destination));
      }
    }
    return out;
  }

  /** The {@code RUN} commands, build arguments substituted. */
  List<String> runs() {
    return instructions.stream()
        .filter(i -> i.keyword().equals("RUN"))
        .map(i -> expand(i.arguments()))
        .toList();
  }

  /** The value of label {@code name}. */
  Optional<String> label(String name) {
    for (Instruction i : instructions) {
      if (i.keyword().equals("LABEL")) {
        Matcher m = LABEL.matcher(i.arguments());
        while (m.find()) {
          if (m.group(1).equals(name)) {
            return Optional.of(expand(m.group(2)));
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The {@code USER} the image runs as. */
  String user() {
    return only("USER").arguments();
  }

  /**
   * The exec-form {@code ENTRYPOINT}; fails for the shell form, which would not forward signals.
   */
  List<String> entrypoint() {
    return execForm("ENTRYPOINT");
  }

  /** The exec-form {@code CMD}. */
  List<String> cmd() {
    return execForm("CMD");
  }

  private List<String> execForm(String keyword) {
    String arguments = only(keyword).arguments();
    if (!arguments.startsWith("[")) {
      throw new AssertionError(keyword + " is in shell form: " + arguments);
    }
    try {
      return JSON.readValue(arguments, new TypeReference<List<String>>() {});
    } catch (JsonProcessingException e) {
      throw new AssertionError(keyword + " is not a JSON array: " + arguments, e);
    }
  }

  private Instruction only(String keyword) {
    List<Instruction> found =
        instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    if (found.isEmpty()) {
      throw new AssertionError("the Dockerfile in " + context + " has no " + keyword);
    }
    return found.get(found.size() - 1); // the last one wins, as in a build
  }

  private String expand(String text) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      m.appendReplacement(out, Matcher.quoteReplacement(args.getOrDefault(name, m.group())));
    }
    m.appendTail(out);
    return out.toString();
  }
}
