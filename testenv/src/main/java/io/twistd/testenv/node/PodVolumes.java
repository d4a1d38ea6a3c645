package io.twistd.testenv.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapProjection;
import io.fabric8.kubernetes.api.model.ConfigMapVolumeSource;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretProjection;
import io.fabric8.kubernetes.api.model.SecretVolumeSource;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pod's volumes on the host, as the kubelet keeps them: ConfigMap, Secret and projected volumes
 * written by an {@link AtomicWriter} and rewritten when their objects change, emptyDirs created
 * once (mode 0777), hostPaths used in place. Other volume types are refused with a message.
 *
 * <p>Used by one pod worker thread only.
 */
final class PodVolumes {

  private static final long DEFAULT_TOKEN_SECONDS = 3607;

  private final Path root;
  private final Pod pod;
  private final ObjectSource objects;
  private final Map<String, AtomicWriter> writers = new HashMap<>();
  private final Map<String, String> tokens = new HashMap<>();
  private final Map<String, Long> tokenRefresh = new HashMap<>();

  PodVolumes(Path root, Pod pod, ObjectSource objects) {
    this.root = root;
    this.pod = pod;
    this.objects = objects;
  }

  /**
   * Brings every volume up to date with the objects it shows.
   *
   * @return empty when every volume is in place, else why not (a missing object, an unsupported
   *     type), as the kubelet's {@code FailedMount} event would say; the caller tries again later
   */
  Optional<String> sync() {
    for (Volume volume : volumes()) {
      Optional<String> problem = sync(volume);
      if (problem.isPresent()) {
        return Optional.of("volume \"" + volume.getName() + "\": " + problem.get());
      }
    }
    return Optional.empty();
  }

  /** The directory or file on the host that backs volume {@code name}. */
  Path hostPath(String name) {
    for (Volume volume : volumes()) {
      if (volume.getName().equals(name) && volume.getHostPath() != null) {
        return Path.of(volume.getHostPath().getPath());
      }
    }
    return root.resolve(name);
  }

  private List<Volume> volumes() {
    List<Volume> volumes = pod.getSpec().getVolumes();
    return volumes == null ? List.of() : volumes;
  }

  private Optional<String> sync(Volume volume) {
    try {
      if (volume.getEmptyDir() != null) {
        Path directory = root.resolve(volume.getName());
        if (!Files.isDirectory(directory)) {
          Files.createDirectories(directory);
          Files.setPosixFilePermissions(directory, Modes.permissions(0777));
        }
        return Optional.empty();
      }
      if (volume.getHostPath() != null) {
        return Files.exists(Path.of(volume.getHostPath().getPath()))
            ? Optional.empty()
            : Optional.of("host path " + volume.getHostPath().getPath() + " does not exist");
      }
      Map<String, AtomicWriter.FileContent> payload = new LinkedHashMap<>();
      Optional<String> problem = payload(volume, payload);
      if (problem.isPresent()) {
        return problem;
      }
      writers
          .computeIfAbsent(volume.getName(), name -> new AtomicWriter(root.resolve(name)))
          .write(payload);
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare volume " + volume.getName(), e);
    }
  }

  private Optional<String> payload(Volume volume, Map<String, AtomicWriter.FileContent> payload) {
    String namespace = pod.getMetadata().getNamespace();
    if (volume.getConfigMap() != null) {
      ConfigMapVolumeSource source = volume.getConfigMap();
      return configMapFiles(
          namespace,
          source.getName(),
          source.getItems(),
          mode(source.getDefaultMode()),
          Boolean.TRUE.equals(source.getOptional()),
          payload);
    }
    if (volume.getSecret() != null) {
      SecretVolumeSource source = volume.getSecret();
      return secretFiles(
          namespace,
          source.getSecretName(),
          source.getItems(),
          mode(source.getDefaultMode()),
          Boolean.TRUE.equals(source.getOptional()),
          payload);
    }
    if (volume.getProjected() != null) {
      int defaultMode = mode(volume.getProjected().getDefaultMode());
      for (VolumeProjection projection : volume.getProjected().getSources()) {
        Optional<String> problem = projected(namespace, projection, defaultMode, payload);
        if (problem.isPresent()) {
          return problem;
        }
      }
      return Optional.empty();
    }
    if (volume.getDownwardAPI() != null) {
      return downwardFiles(
          volume.getDownwardAPI().getItems(),
          mode(volume.getDownwardAPI().getDefaultMode()),
          payload);
    }
    return Optional.of(
        "this volume type is not supported by the testenv process node (configMap, secret,"
            + " projected, downwardAPI, emptyDir and hostPath are)");
  }

  private Optional<String> projected(
      String namespace,
      VolumeProjection projection,
      int defaultMode,
      Map<String, AtomicWriter.FileContent> payload) {
    if (projection.getConfigMap() != null) {
      ConfigMapProjection source = projection.getConfigMap();
      return configMapFiles(
          namespace,
          source.getName(),
          source.getItems(),
          defaultMode,
          Boolean.TRUE.equals(source.getOptional()),
          payload);
    }
    if (projection.getSecret() != null) {
      SecretProjection source = projection.getSecret();
      return secretFiles(
          namespace,
          source.getName(),
          source.getItems(),
          defaultMode,
          Boolean.TRUE.equals(source.getOptional()),
          payload);
    }
    if (projection.getDownwardAPI() != null) {
      return downwardFiles(projection.getDownwardAPI().getItems(), defaultMode, payload);
    }
    if (projection.getServiceAccountToken() != null) {
      ServiceAccountTokenProjection source = projection.getServiceAccountToken();
      long expiration =
          source.getExpirationSeconds() == null
              ? DEFAULT_TOKEN_SECONDS
              : source.getExpirationSeconds();
      String token = tokens.get(source.getPath());
      Long expires = tokenRefresh.get(source.getPath());
      if (token == null || System.nanoTime() > expires) {
        token = objects.serviceAccountToken(pod, source.getAudience(), expiration);
        tokens.put(source.getPath(), token);
        // renewed at 80 % of its life, as the kubelet does
        tokenRefresh.put(source.getPath(), System.nanoTime() + expiration * 800_000_000L);
      }
      payload.put(
          source.getPath(),
          new AtomicWriter.FileContent(token.getBytes(StandardCharsets.UTF_8), defaultMode));
      return Optional.empty();
    }
    return Optional.of(
        "this projected source is not supported by the testenv process node (configMap, secret,"
            + " downwardAPI and serviceAccountToken are)");
  }

  private Optional<String> downwardFiles(
      List<DownwardAPIVolumeFile> items,
      int defaultMode,
      Map<String, AtomicWriter.FileContent> payload) {
    for (DownwardAPIVolumeFile item : items == null ? List.<DownwardAPIVolumeFile>of() : items) {
      if (item.getFieldRef() == null) {
        return Optional.of("downwardAPI item " + item.getPath() + ": only fieldRef is supported");
      }
      String value;
      try {
        String podIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        value =
            ContainerEnv.field(pod, item.getFieldRef().getFieldPath(), podIp, null, item.getPath());
      } catch (ContainerEnv.EnvException e) {
        return Optional.of(e.getMessage());
      }
      int mode = item.getMode() == null ? defaultMode : item.getMode();
      payload.put(
          item.getPath(),
          new AtomicWriter.FileContent(
              String.valueOf(value).getBytes(StandardCharsets.UTF_8), mode));
    }
    return Optional.empty();
  }

  private Optional<String> configMapFiles(
      String namespace,
      String name,
      List<KeyToPath> items,
      int defaultMode,
      boolean optional,
      Map<String, AtomicWriter.FileContent> payload) {
    ConfigMap configMap = objects.configMap(namespace, name);
    if (configMap == null) {
      return optional ? Optional.empty() : Optional.of("configmap \"" + name + "\" not found");
    }
    Map<String, byte[]> data = new LinkedHashMap<>();
    if (configMap.getData() != null) {
      configMap.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    if (configMap.getBinaryData() != null) {
      configMap.getBinaryData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    return files("configmap", name, data, items, defaultMode, optional, payload);
  }

  private Optional<String> secretFiles(
      String namespace,
      String name,
      List<KeyToPath> items,
      int defaultMode,
      boolean optional,
      Map<String, AtomicWriter.FileContent> payload) {
    Secret secret = objects.secret(namespace, name);
    if (secret == null) {
      return optional ? Optional.empty() : Optional.of("secret \"" + name + "\" not found");
    }
    Map<String, byte[]> data = new LinkedHashMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> data.put(k, Base64.getDecoder().decode(v)));
    }
    return files("secret", name, data, items, defaultMode, optional, payload);
  }

  private static Optional<String> files(
      String kind,
      String name,
      Map<String, byte[]> data,
      List<KeyToPath> items,
      int defaultMode,
      boolean optional,
      Map<String, AtomicWriter.FileContent> payload) {
    if (items == null || items.isEmpty()) {
      data.forEach(
          (key, bytes) -> payload.put(key, new AtomicWriter.FileContent(bytes, defaultMode)));
      return Optional.empty();
    }
    for (KeyToPath item : items) {
      byte[] bytes = data.get(item.getKey());
      if (bytes == null) {
        if (optional) {
          continue;
        }
        return Optional.of(kind + " \"" + name + "\" has no key \"" + item.getKey() + "\"");
      }
      int mode = item.getMode() == null ? defaultMode : item.getMode();
      payload.put(item.getPath(), new AtomicWriter.FileContent(bytes, mode));
    }
    return Optional.empty();
  }

  private static int mode(Integer defaultMode) {
    return defaultMode == null ? Modes.DEFAULT_FILE_MODE : defaultMode;
  }
}
