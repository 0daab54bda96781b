package io.taumesh.launcher.daemon;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.supervisor.heartbeat.HeartbeatSettings;
import java.time.Instant;
import java.util.List;

/**
 * {@code D/state.json}: the daemon's lifecycle state, its process (pid and that process's own start time, so
 * that a pid the kernel gave to another program is not taken for the daemon), when it started, its mesh (where
 * its ops endpoint listens, its cluster, its log), the installed profile, the last transition with its reason, and
 * the heartbeat settings the mesh runs with. Written whole and atomically by whoever makes a transition: the daemon
 * process itself, or the command that starts, stops, installs or uninstalls it. Its groups are written flat.
 */
public record DaemonRecord(
        int schemaVersion,
        DaemonState state,
        @JsonUnwrapped Started started,
        @JsonUnwrapped Mesh mesh,
        DaemonProfile profile,
        Install install,
        Transition lastTransition,
        HeartbeatSettings heartbeat,
        String updatedAt)
        implements MeshMessage {

    public DaemonRecord {
        started = started == null ? Started.NONE : started;
        mesh = mesh == null ? Mesh.NONE : mesh;
    }

    /** The daemon's process: its pid, that process's own start time, and when the daemon started. */
    public record Started(Long pid, Long processStartUnixMs, String startedAt) {
        static final Started NONE = new Started(null, null, null);
    }

    /** The daemon's mesh: where its ops endpoint listens, the cluster it joined, and the file it logs to. */
    public record Mesh(String opsUrl, String clusterName, String logFile) {
        static final Mesh NONE = new Mesh(null, null, null);
    }

    /** A state change and why it happened ({@code maintenance_window}, {@code mesh_ready}, {@code sigterm}, ...). */
    public record Transition(DaemonState from, DaemonState to, String reason, String at) {}

    /** What {@code --daemon-install} wrote, and the executable those files run. */
    public record Install(
            List<String> files, String executable, String launcherJar, String workingDir, String installedAt) {}

    /** A state dir in which nothing was ever recorded. */
    public static DaemonRecord none() {
        return new DaemonRecord(
                SCHEMA_VERSION, DaemonState.STOPPED, Started.NONE, Mesh.NONE, null, null, null, null, null);
    }

    /** This record moved to {@code to} for {@code reason}, now. */
    public DaemonRecord transition(DaemonState to, String reason) {
        String now = Instant.now().toString();
        return new DaemonRecord(
                SCHEMA_VERSION,
                to,
                started,
                mesh,
                profile,
                install,
                new Transition(state, to, reason, now),
                heartbeat,
                now);
    }

    public DaemonRecord withProcess(Long pid, Long processStartUnixMs, String startedAt) {
        return new DaemonRecord(
                SCHEMA_VERSION,
                state,
                new Started(pid, processStartUnixMs, startedAt),
                mesh,
                profile,
                install,
                lastTransition,
                heartbeat,
                updatedAt);
    }

    public DaemonRecord withMesh(String opsUrl, String clusterName) {
        return withMesh(new Mesh(opsUrl, clusterName, mesh.logFile()));
    }

    public DaemonRecord withLogFile(String logFile) {
        return withMesh(new Mesh(mesh.opsUrl(), mesh.clusterName(), logFile));
    }

    private DaemonRecord withMesh(Mesh next) {
        return new DaemonRecord(
                SCHEMA_VERSION, state, started, next, profile, install, lastTransition, heartbeat, updatedAt);
    }

    public DaemonRecord withHeartbeat(HeartbeatSettings heartbeat) {
        return new DaemonRecord(
                SCHEMA_VERSION, state, started, mesh, profile, install, lastTransition, heartbeat, updatedAt);
    }

    public DaemonRecord withProfile(DaemonProfile profile, Install install) {
        return new DaemonRecord(
                SCHEMA_VERSION,
                state,
                started,
                mesh,
                profile,
                install,
                lastTransition,
                heartbeat,
                Instant.now().toString());
    }
}
