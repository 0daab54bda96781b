package io.taumesh.launcher.daemon;

import io.taumesh.core.files.StateDirLock;
import io.taumesh.core.node.MeshProcess;
import io.taumesh.core.node.MeshRuntime;
import io.taumesh.supervisor.heartbeat.HeartbeatSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * {@code --daemon-run}: the daemon's own process, what {@code --daemon-start} detaches and the profiles run. It
 * owns the state dir for its whole life (an OS lock on {@code D/.lock}, so a second daemon of the same dir is
 * refused whoever starts it), writes {@code D/daemon.pid}, runs the mesh in the foreground, and records each
 * transition in {@code D/state.json}: {@code starting}, {@code running} once the mesh is ready (with its ops URL:
 * how the commands find the running mesh), {@code stopping}, and {@code stopped} with the reason a
 * {@code --daemon-stop} gave, or the signal's. A mesh that cannot start is recorded {@code failed} with why.
 */
public final class DaemonRun implements MeshProcess.Listener {

    private final DaemonFiles files;
    private final HeartbeatSettings heartbeat;
    private final String clusterName;
    private final PrintStream err;
    private final long pid = ProcessHandle.current().pid();
    private volatile boolean recordedEnd;

    public DaemonRun(DaemonFiles files, HeartbeatSettings heartbeat, String clusterName, PrintStream err) {
        this.files = files;
        this.heartbeat = heartbeat;
        this.clusterName = clusterName;
        this.err = err;
    }

    /** Runs the mesh ({@code mesh} is given this listener) as the state dir's daemon; returns the exit code. */
    public int run(ToIntFunction<MeshProcess.Listener> mesh) {
        DaemonPaths paths = files.paths();
        StateDirLock lock;
        try {
            lock = StateDirLock.acquire(paths.dir(), "tau-mesh daemon");
        } catch (StateDirLock.HeldException e) {
            err.println("tau-mesh: cannot start: the daemon of " + paths.dir() + " already runs: it is in use by "
                    + e.holder());
            return 1;
        } catch (IOException e) {
            Diagnostic d = Diagnostic.of(
                    DiagnosticCode.STATE_DIR_NOT_WRITABLE, "cannot take " + paths.dir() + ": " + e.getMessage(), paths);
            err.println("tau-mesh: cannot start: " + d.code().wire() + ": " + d.message());
            err.println("tau-mesh: remedy: " + d.remedy());
            return 1;
        }
        try {
            files.writePid(pid);
            Long started = DaemonProcess.startOf(ProcessHandle.current());
            record(files.readOrNone()
                    .withProcess(pid, started, Instant.now().toString())
                    .withHeartbeat(heartbeat)
                    .withLogFile(logFile())
                    .withMesh(null, clusterName)
                    .transition(DaemonState.STARTING, startReason()));
            int code;
            try {
                code = mesh.applyAsInt(this);
            } catch (RuntimeException e) {
                stopped(2, "cannot start: " + e.getMessage());
                throw e;
            }
            if (!recordedEnd) {
                // The mesh refused to start before it ran (another mesh holds its state dirs): say so in the record
                // too.
                stopped(
                        code,
                        code == 0 ? "stopped" : "exited with " + code + " before the mesh started; see " + logFile());
            }
            return code;
        } catch (IOException e) {
            err.println("tau-mesh: cannot start: cannot write " + paths.pidFile() + ": " + e.getMessage());
            return 1;
        } finally {
            try {
                lock.close();
            } catch (IOException e) {
                // The kernel releases it with the process anyway.
            }
        }
    }

    @Override
    public void ready(MeshRuntime runtime) {
        record(files.readOrNone()
                .withMesh(runtime.opsUrl(), clusterName)
                .transition(DaemonState.RUNNING, "mesh_ready"));
    }

    @Override
    public void stopping(String why) {
        DaemonRecord record = files.readOrNone();
        if (record.state() != DaemonState.STOPPING) {
            // A --daemon-stop recorded it already, with the operator's reason; a signal from elsewhere is named here.
            record(record.transition(DaemonState.STOPPING, why.toLowerCase(Locale.ROOT)));
        }
    }

    @Override
    public void stopped(int exitCode, String why) {
        recordedEnd = true;
        DaemonRecord record = files.readOrNone();
        if (exitCode == 0) {
            String reason = record.state() == DaemonState.STOPPING && record.lastTransition() != null
                    ? record.lastTransition().reason()
                    : why.toLowerCase(Locale.ROOT);
            record(record.withMesh(null, clusterName).transition(DaemonState.STOPPED, reason));
        } else {
            record(record.withMesh(null, clusterName).transition(DaemonState.FAILED, why));
        }
        try {
            files.deletePidIf(pid);
        } catch (IOException e) {
            err.println("tau-mesh: cannot remove " + files.paths().pidFile() + ": " + e.getMessage());
        }
    }

    private void record(DaemonRecord record) {
        try {
            files.write(record);
        } catch (IOException e) {
            err.println("tau-mesh: cannot record the daemon's state in "
                    + files.paths().stateFile() + ": " + e.getMessage());
        }
    }

    /** Who started this process: {@code --daemon-start}, systemd, launchd, or an operator in the foreground. */
    private static String startReason() {
        String given = System.getenv(DaemonLaunch.START_REASON_ENV);
        if (given != null && !given.isBlank()) {
            return given;
        }
        if (System.getenv("INVOCATION_ID") != null) {
            return "systemd";
        }
        return System.getenv("XPC_SERVICE_NAME") != null ? "launchd" : "foreground";
    }

    private String logFile() {
        String reason = startReason();
        return switch (reason) {
            case "systemd" -> "the journal (journalctl --user -u tau-coding-agent, or journalctl -u supervisor)";
            case "foreground" -> "the terminal";
            default -> files.paths().logFile().toString();
        };
    }
}
