package io.taumesh.launcher.daemon;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.bus.MeshMessage;
import java.util.List;

/**
 * What {@code --daemon-status --daemon-status-json} prints: the recorded state and what is true now (is the
 * recorded process alive and the state dir's daemon, does the mesh answer {@code /readiness}), the profile
 * files and the executable they run, the heartbeat, and the diagnostics, each with its remedy. {@code healthy}
 * is true when there is no diagnostic. Its groups are written flat.
 */
public record DaemonStatus(
        int schemaVersion,
        String stateDir,
        DaemonState state,
        @JsonUnwrapped Daemon daemon,
        @JsonUnwrapped Mesh mesh,
        @JsonUnwrapped Installed installed,
        DaemonRecord.Transition lastTransition,
        Heartbeat heartbeat,
        @JsonUnwrapped Verdict verdict)
        implements MeshMessage {

    /**
     * The daemon's process: whether it runs, its pid, the pid file and the pid it holds, what the process is (or
     * why it is not the daemon), and when it started.
     */
    public record Daemon(
            boolean running, Long pid, String pidFile, Long pidFilePid, String process, String startedAt) {}

    /** Where the mesh's ops endpoint listens, whether it answers {@code /readiness}, and the daemon's log file. */
    public record Mesh(String opsUrl, Boolean ready, String logFile) {}

    /** The installed profile, its files, and the executable and launcher jar they run. */
    public record Installed(
            DaemonProfile profile, List<ProfileFile> profileFiles, String executable, String launcherJar) {}

    /** What keeps the daemon from running as installed, the notes that do not, and whether there is none of the first. */
    public record Verdict(List<Diagnostic> diagnostics, List<String> notes, boolean healthy) {}

    public record ProfileFile(String path, boolean present) {}

    /** The heartbeat's settings and, from its state file, its last verdict. */
    public record Heartbeat(boolean enabled, String statePath, String status, String updatedAt, List<String> reasons) {}
}
