package io.taumesh.core.node;

import io.taumesh.core.cluster.ClusterSettings;
import java.util.Objects;

/** Everything a node needs to start: its cluster, and where its ops HTTP endpoint listens. */
public record NodeSettings(ClusterSettings cluster, String opsHost, int opsPort) {

  public NodeSettings {
    Objects.requireNonNull(cluster, "cluster");
    if (opsHost == null || opsHost.isBlank()) {
      throw new IllegalArgumentException("ops host must not be blank");
    }
    if (opsPort < 0 || opsPort > 65535) {
      throw new IllegalArgumentException("ops port must be between 0 and 65535, got " + opsPort);
    }
  }

  /** A node alone on loopback in the named cluster, every port picked by the OS. */
  public static NodeSettings loopback(String clusterName) {
    return new NodeSettings(ClusterSettings.loopback(clusterName), "127.0.0.1", 0);
  }
}
