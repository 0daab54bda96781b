package io.taumesh.core.node;

import io.taumesh.core.cluster.ClusterSettings;
import io.taumesh.core.ops.OpsToken;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything a node needs to start: its cluster, where its ops HTTP endpoint listens, its event loops, where it
 * tells local commands how to reach it ({@code discoveryDir}, null for nowhere), the token its ops endpoint asks of a
 * command (made fresh when none is given), and the named operators who may sign in at its entrances besides
 * ({@code operatorsFile}, null for none).
 */
public record NodeSettings(
        ClusterSettings cluster,
        String opsHost,
        int opsPort,
        int eventLoops,
        @Nullable Path discoveryDir,
        String opsToken,
        @Nullable Path operatorsFile) {

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
        opsToken = opsToken == null ? OpsToken.generate() : OpsToken.check(opsToken);
    }

    /** A node that writes no discovery file, with a fresh ops token. */
    public NodeSettings(ClusterSettings cluster, String opsHost, int opsPort, int eventLoops) {
        this(cluster, opsHost, opsPort, eventLoops, null, null, null);
    }

    /** A node alone on loopback in the named cluster, every port picked by the OS. */
    public static NodeSettings loopback(String clusterName) {
        return new NodeSettings(ClusterSettings.loopback(clusterName), "127.0.0.1", 0, MeshNode.DEFAULT_EVENT_LOOPS);
    }

    public NodeSettings withDiscoveryDir(Path dir) {
        return new NodeSettings(cluster, opsHost, opsPort, eventLoops, dir, opsToken, operatorsFile);
    }

    public NodeSettings withOperatorsFile(@Nullable Path file) {
        return new NodeSettings(cluster, opsHost, opsPort, eventLoops, discoveryDir, opsToken, file);
    }

    /** Without the token: settings end up in logs. */
    @Override
    public String toString() {
        return "NodeSettings[cluster=" + cluster + ", opsHost=" + opsHost + ", opsPort=" + opsPort + ", eventLoops="
                + eventLoops + ", discoveryDir=" + discoveryDir + "]";
    }
}
