package io.twistd.testenv.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment and command line as the kubelet makes them: a base environment ({@code
 * PATH}, {@code HOSTNAME}, {@code HOME}), then {@code envFrom}, then {@code env} in order, with
 * values from the Downward API's fields, ConfigMap and Secret keys, and {@code $(NAME)} references
 * expanded ({@code $$} for a literal {@code $}).
 *
 * <p>Stateless and thread-safe.
 */
final class ContainerEnv {

  private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");
  private static final Pattern SUBSCRIPT =
      Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");

  /**
   * Thrown when a value cannot be had; the message is the kubelet's reason for the waiting state.
   */
  static final class EnvException extends Exception {
    EnvException(String message) {
      super(message);
    }
  }

  private ContainerEnv() {}

  /**
   * The environment of {@code container}.
   *
   * @throws EnvException when a referenced object, key or field does not exist, as {@code
   *     CreateContainerConfigError} would say
   */
  static Map<String, String> of(
      Pod pod, Container container, String podIp, String hostIp, ObjectSource objects)
      throws EnvException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PATH", PATH);
    env.put("HOSTNAME", pod.getMetadata().getName());
    env.put("HOME", "/");
    String namespace = pod.getMetadata().getNamespace();
    for (EnvFromSource source : list(container.getEnvFrom())) {
      String prefix = source.getPrefix() == null ? "" : source.getPrefix();
      if (source.getConfigMapRef() != null) {
        ConfigMap configMap = objects.configMap(namespace, source.getConfigMapRef().getName());
        if (configMap == null) {
          if (!Boolean.TRUE.equals(source.getConfigMapRef().getOptional())) {
            throw new EnvException(
                "configmap \"" + source.getConfigMapRef().getName() + "\" not found");
          }
        } else if (configMap.getData() != null) {
          configMap.getData().forEach((k, v) -> env.put(prefix + k, v));
        }
      }
      if (source.getSecretRef() != null) {
        Secret secret = objects.secret(namespace, source.getSecretRef().getName());
        if (secret == null) {
          if (!Boolean.TRUE.equals(source.getSecretRef().getOptional())) {
            throw new EnvException("secret \"" + source.getSecretRef().getName() + "\" not found");
          }
        } else if (secret.getData() != null) {
          secret.getData().forEach((k, v) -> env.put(prefix + k, decode(v)));
        }
      }
    }
    for (EnvVar variable : list(container.getEnv())) {
      String value =
          variable.getValueFrom() == null
              ? expand(variable.getValue() == null ? "" : variable.getValue(), env)
              : valueFrom(pod, variable, podIp, hostIp, objects);
      if (value != null) {
        env.put(variable.getName(), value);
      }
    }
    return env;
  }

  /** {@code values} with {@code $(NAME)} references to {@code env} expanded. */
  static List<String> expandAll(List<String> values, Map<String, String> env) {
    return values.stream().map(value -> expand(value, env)).toList();
  }

  /** {@code value} with {@code $(NAME)} references to {@code env} expanded; unknown ones stay. */
  static String expand(String value, Map<String, String> env) {
    Matcher matcher = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String replacement =
          matcher.group(1) == null ? "$" : env.getOrDefault(matcher.group(1), matcher.group());
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  private static String valueFrom(
      Pod pod, EnvVar variable, String podIp, String hostIp, ObjectSource objects)
      throws EnvException {
    EnvVarSource source = variable.getValueFrom();
    String namespace = pod.getMetadata().getNamespace();
    if (source.getFieldRef() != null) {
      return field(pod, source.getFieldRef().getFieldPath(), podIp, hostIp, variable.getName());
    }
    if (source.getConfigMapKeyRef() != null) {
      var ref = source.getConfigMapKeyRef();
      ConfigMap configMap = objects.configMap(namespace, ref.getName());
      String value =
          configMap == null || configMap.getData() == null
              ? null
              : configMap.getData().get(ref.getKey());
      if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
        throw new EnvException(
            "couldn't find key "
                + ref.getKey()
                + " in ConfigMap "
                + namespace
                + "/"
                + ref.getName());
      }
      return value;
    }
    if (source.getSecretKeyRef() != null) {
      var ref = source.getSecretKeyRef();
      Secret secret = objects.secret(namespace, ref.getName());
      String value =
          secret == null || secret.getData() == null ? null : secret.getData().get(ref.getKey());
      if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
        throw new EnvException(
            "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
      }
      return value == null ? null : decode(value);
    }
    throw new EnvException(
        "env "
            + variable.getName()
            + ": only fieldRef, configMapKeyRef and secretKeyRef are supported"
            + " by the testenv process node");
  }

  /**
   * The value of Downward API field {@code path} of {@code pod}.
   *
   * @throws EnvException when the field is not supported; the message names {@code name}
   */
  static String field(Pod pod, String path, String podIp, String hostIp, String name)
      throws EnvException {
    Matcher subscript = SUBSCRIPT.matcher(path);
    if (subscript.matches()) {
      Map<String, String> values =
          subscript.group(1).equals("labels")
              ? pod.getMetadata().getLabels()
              : pod.getMetadata().getAnnotations();
      return values == null ? "" : values.getOrDefault(subscript.group(2), "");
    }
    return switch (path) {
      case "metadata.name" -> pod.getMetadata().getName();
      case "metadata.namespace" -> pod.getMetadata().getNamespace();
      case "metadata.uid" -> pod.getMetadata().getUid();
      case "spec.nodeName" -> pod.getSpec().getNodeName();
      case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
      case "status.podIP", "status.podIPs" -> podIp;
      case "status.hostIP", "status.hostIPs" -> hostIp;
      default -> throw new EnvException("env " + name + ": unsupported fieldPath " + path);
    };
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : values;
  }
}
