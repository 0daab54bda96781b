package io.taumesh.launcher.daemon;

import io.taumesh.core.bus.MeshMessage;
import io.taumesh.supervisor.heartbeat.HeartbeatSettings;
import java.time.Instant;
import java.util.List;

/**
 * {@code D/state.json}: the daemon's lifecycle state, its process (pid and that process's own start time, so
 * that a pid the kernel gave to another program is not taken for the daemon), when it started, where its ops
 * endpoint listens, the installed profile, the last transition with its reason, and the heartbeat settings
 * the mesh runs with. Written whole and atomically by whoever makes a transition: the daemon process
 * itself, or the command that starts, stops, installs or uninstalls it.
 */
public record DaemonRecord(
        int schemaVersion,
        DaemonState state,
        Long pid,
        Long processStartUnixMs,
        String startedAt,
        String opsUrl,
        String clusterName,
        String logFile,
        DaemonProfile profile,
        Install install,
        Transition lastTransition,
        HeartbeatSettings heartbeat,
        String updatedAt)
        implements MeshMessage {

    /** A state change and why it happened ({@code maintenance_window}, {@code mesh_ready}, {@code sigterm}, ...). */
    public record Transition(DaemonState from, DaemonState to, String reason, String at) {}

    /** What {@code --daemon-install} wrote, and the executable those files run. */
    public record Install(
            List<String> files, String executable, String launcherJar, String workingDir, String installedAt) {}

    /** A state dir in which nothing was ever recorded. */
    public static DaemonRecord none() {
        return new DaemonRecord(
                SCHEMA_VERSION, DaemonState.STOPPED, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** This record moved to {@code to} for {@code reason}, now. */
    public DaemonRecord transition(DaemonState to, String reason) {
        String now = Instant.now().toString();
        return new DaemonRecord(
                SCHEMA_VERSION,
                to,
                pid,
                processStartUnixMs,
                startedAt,
                opsUrl,
                clusterName,
                logFile,
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
                pid,
                processStartUnixMs,
                startedAt,
                opsUrl,
                clusterName,
                logFile,
                profile,
                install,
                lastTransition,
                heartbeat,
                updatedAt);
    }

    public DaemonRecord withMesh(String opsUrl, String clusterName) {
        return new DaemonRecord(
                SCHEMA_VERSION,
                state,
                pid,
                processStartUnixMs,
                startedAt,
                opsUrl,
                clusterName,
                logFile,
                profile,
                install,
                lastTransition,
                heartbeat,
                updatedAt);
    }

    public DaemonRecord withLogFile(String logFile) {
        return new DaemonRecord(
                SCHEMA_VERSION,
                state,
                pid,
                processStartUnixMs,
                startedAt,
                opsUrl,
                clusterName,
                logFile,
                profile,
                install,
                lastTransition,
                heartbeat,
                updatedAt);
    }

    public DaemonRecord withHeartbeat(HeartbeatSettings heartbeat) {
        return new DaemonRecord(
                SCHEMA_VERSION,
                state,
                pid,
                processStartUnixMs,
                startedAt,
                opsUrl,
                clusterName,
                logFile,
                profile,
                install,
                lastTransition,
                heartbeat,
                updatedAt);
    }

    public DaemonRecord withProfile(DaemonProfile profile, Install install) {
        return new DaemonRecord(
                SCHEMA_VERSION,
                state,
                pid,
                processStartUnixMs,
                startedAt,
                opsUrl,
                clusterName,
                logFile,
                profile,
                install,
                lastTransition,
                heartbeat,
                Instant.now().toString());
    }
}
