package io.taumesh.launcher.daemon;

import io.taumesh.core.bus.MeshMessage;
import java.util.List;

/**
 * What {@code --daemon-status --daemon-status-json} prints: the recorded state and what is true now (is the
 * recorded process alive and the state dir's daemon, does the mesh answer {@code /readiness}), the profile
 * files and the executable they run, the heartbeat, and the diagnostics, each with its remedy. {@code healthy}
 * is true when there is no diagnostic.
 */
public record DaemonStatus(
        int schemaVersion,
        String stateDir,
        DaemonState state,
        boolean running,
        Long pid,
        String pidFile,
        Long pidFilePid,
        String process,
        String startedAt,
        String opsUrl,
        Boolean ready,
        String logFile,
        DaemonProfile profile,
        List<ProfileFile> profileFiles,
        String executable,
        String launcherJar,
        DaemonRecord.Transition lastTransition,
        Heartbeat heartbeat,
        List<Diagnostic> diagnostics,
        List<String> notes,
        boolean healthy)
        implements MeshMessage {

    public record ProfileFile(String path, boolean present) {}

    /** The heartbeat's settings and, from its state file, its last verdict. */
    public record Heartbeat(boolean enabled, String statePath, String status, String updatedAt, List<String> reasons) {}
}
