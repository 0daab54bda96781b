package io.taumesh.launcher;

import io.taumesh.core.files.StateDirLock;
import io.taumesh.relay.SocketPath;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Before an all-in-one mesh joins anything: is another mesh already running on the same state dirs or
 * socket (a second {@code ./tau-mesh} in the same folder)? Such a mesh is refused with the holder's pid and
 * the flags that make a second mesh on purpose, before it could join the first one's cluster.
 */
final class SecondMeshCheck {

    static final String HOW_TO_RUN_A_SECOND =
            "to run a second mesh on this host on purpose, give it a cluster, state dirs and a socket of its own, for example: "
                    + "./tau-mesh --cluster-name second --gateway-state-dir .tau-second/gateway --dashboard-state-dir "
                    + ".tau-second/dashboard --dashboard-path /tmp/second.sock (its ops, UI and member ports are picked free)";

    private SecondMeshCheck() {}

    /** Blocking. The reason this mesh must not start, if any; {@code null} paths are services it does not host. */
    static Optional<String> conflict(Path gatewayStateDir, Path dashboardStateDir, Path relaySocket) {
        for (Path dir : new Path[] {gatewayStateDir, dashboardStateDir}) {
            if (dir != null) {
                Optional<String> holder = StateDirLock.holder(dir);
                if (holder.isPresent()) {
                    return Optional.of(
                            "another mesh runs on these state dirs: " + dir + " is in use by " + holder.get());
                }
            }
        }
        if (relaySocket != null && SocketPath.listening(relaySocket)) {
            return Optional.of("another mesh's relay listens on " + relaySocket);
        }
        return Optional.empty();
    }
}
