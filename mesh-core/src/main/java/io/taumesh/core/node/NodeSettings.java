package io.taumesh.core.node;

import io.taumesh.core.cluster.ClusterSettings;
import java.util.Objects;

/** Everything a node needs to start: its cluster, where its ops HTTP endpoint listens, and its event loops. */
public record NodeSettings(ClusterSettings cluster, String opsHost, int opsPort, int eventLoops) {

  public NodeSettings {
    Objects.requireNonNull(cluster, "cluster");
    if (opsHost == null || opsHost.isBlank()) {
      throw new IllegalArgumentException("ops host must not be blank");
    }
    if (opsPort < 0 || opsPort > 65535) {
      throw new IllegalArgumentException("ops port must be between 0 and 65535, got " + opsPort);
    }
    if (eventLoops < 1 || eventLoops > 256) {
      throw new IllegalArgumentException("event loops must be between 1 and 256, got " + eventLoops);
    }
  }

  /** A node alone on loopback in the named cluster, every port picked by the OS. */
  public static NodeSettings loopback(String clusterName) {
    return new NodeSettings(ClusterSettings.loopback(clusterName), "127.0.0.1", 0, MeshNode.DEFAULT_EVENT_LOOPS);
  }
}
