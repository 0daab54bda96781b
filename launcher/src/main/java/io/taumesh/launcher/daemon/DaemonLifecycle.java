package io.taumesh.launcher.daemon;

import io.taumesh.supervisor.heartbeat.HeartbeatSettings;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code --daemon-start} and {@code --daemon-stop}. A start detaches the daemon from the terminal (a session of
 * its own through {@code setsid}, stdin from {@code /dev/null}, output appended to {@code D/daemon.log}) and
 * returns once the mesh is ready: the daemon has recorded {@code running} with its ops URL in
 * {@code state.json}, and that URL answers {@code /readiness} with 200; or it fails with the daemon's own reason.
 * A stop sends SIGTERM to the daemon, which stops its mesh cleanly and records the stop with the reason given.
 * Both reconcile what they find: a second start, a stop of a stopped daemon, a stale pid file, a pid now used by
 * another program (which is never signalled).
 */
public final class DaemonLifecycle {

    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** The mesh's own stop takes at most about a minute; then the daemon is killed. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(SystemdUnits.STOP_TIMEOUT_SECONDS);

    static final String DEFAULT_STOP_REASON = "operator_request";

    private final DaemonFiles files;
    private final PrintStream out;
    private final PrintStream err;

    public DaemonLifecycle(DaemonFiles files, PrintStream out, PrintStream err) {
        this.files = files;
        this.out = out;
        this.err = err;
    }

    private DaemonPaths paths() {
        return files.paths();
    }

    private void requireWritable() throws DaemonException {
        Optional<String> unwritable = files.unwritable();
        if (unwritable.isPresent()) {
            throw new DaemonException(Diagnostic.of(DiagnosticCode.STATE_DIR_NOT_WRITABLE, unwritable.get(), paths()));
        }
    }

    /** Starts the daemon; returns the exit code (0 started or already running, 1 it did not become ready). */
    public int start(DaemonLaunch launch, HeartbeatSettings heartbeat)
            throws DaemonException, IOException, InterruptedException {
        requireWritable();
        Optional<String> missing = launch.missingExecutable();
        if (missing.isPresent()) {
            throw new DaemonException(Diagnostic.of(DiagnosticCode.EXECUTABLE_MISSING, missing.get(), paths()));
        }
        DaemonRecord record = files.readOrNone();
        boolean pidFilePresent = files.pidFilePresent();
        if (record.state().live() && !pidFilePresent) {
            throw new DaemonException(Diagnostic.of(
                    DiagnosticCode.PID_FILE_MISSING_FOR_RUNNING_STATE,
                    "state.json says "
                            + record.state().wire()
                            + (record.started().pid() == null
                                    ? ""
                                    : " (pid " + record.started().pid() + ")")
                            + " but " + paths().pidFile()
                            + " is missing; the daemon's state must be reconciled before a start",
                    paths()));
        }
        if (alreadyRuns(record, pidFilePresent)) {
            return 0;
        }
        files.write(record.withHeartbeat(heartbeat)
                .withLogFile(paths().logFile().toString())
                .withMesh(null, null)
                .transition(DaemonState.STARTING, "daemon_start"));
        List<String> command = new ArrayList<>();
        if (onPath("setsid")) {
            command.add("setsid");
        }
        command.addAll(launch.command(paths()));
        Files.createDirectories(paths().logFile().getParent());
        long logOffset = Files.exists(paths().logFile()) ? Files.size(paths().logFile()) : 0;
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(launch.workingDir().toFile())
                .redirectInput(new File("/dev/null"))
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(paths().logFile().toFile()))
                .redirectErrorStream(true);
        builder.environment().put(DaemonLaunch.START_REASON_ENV, "daemon_start");
        Process process = spawn(builder, command);
        out.println("tau-mesh: starting the daemon (pid " + process.pid() + "), log " + paths().logFile());
        out.flush();
        return awaitReady(process, logOffset);
    }

    /** Whether the pid file names the running daemon (then said); a stale pid file is removed. */
    private boolean alreadyRuns(DaemonRecord record, boolean pidFilePresent) throws IOException {
        OptionalLong pid = files.readPid();
        if (pid.isPresent()) {
            DaemonProcess process = DaemonProcess.identify(
                    pid.getAsLong(), paths(), record.started().processStartUnixMs());
            if (process.isDaemon()) {
                out.println("tau-mesh: the daemon already runs (pid " + pid.getAsLong() + ", "
                        + record.state().wire()
                        + (record.started().startedAt() == null
                                ? ""
                                : " since " + record.started().startedAt())
                        + (record.mesh().opsUrl() == null
                                ? ""
                                : ", ops " + record.mesh().opsUrl())
                        + "); nothing to start");
                return true;
            }
            out.println("tau-mesh: removing a stale pid file: " + process.detail());
            files.deletePid();
        } else if (pidFilePresent) {
            out.println("tau-mesh: removing a stale pid file: " + paths().pidFile() + " holds no pid");
            files.deletePid();
        }
        return false;
    }

    /** Starts the daemon's process; one that cannot be run is recorded as a failed start. */
    private Process spawn(ProcessBuilder builder, List<String> command) throws IOException {
        try {
            return builder.start();
        } catch (IOException e) {
            files.write(files.readOrNone()
                    .transition(DaemonState.FAILED, "cannot run " + command.get(0) + ": " + e.getMessage()));
            throw e;
        }
    }

    private int awaitReady(Process process, long logOffset) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
                return failedStart(process.exitValue(), logOffset);
            }
            DaemonRecord record = files.readOrNone();
            if (record.state() == DaemonState.RUNNING
                    && record.mesh().opsUrl() != null
                    && DaemonInspector.readiness(record.mesh().opsUrl())) {
                out.println(
                        "tau-mesh: the daemon is ready (pid " + record.started().pid() + ", ops "
                                + record.mesh().opsUrl() + "); state " + paths().stateFile());
                return 0;
            }
        }
        err.println("tau-mesh: the daemon was not ready within " + START_TIMEOUT.toSeconds() + " s; stopping it");
        process.toHandle().destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.toHandle().destroyForcibly();
        }
        files.deletePidIf(process.pid());
        files.write(files.readOrNone()
                .transition(DaemonState.FAILED, "not ready within " + START_TIMEOUT.toSeconds() + " s"));
        printLogSince(logOffset);
        return 1;
    }

    private int failedStart(int exitCode, long logOffset) throws IOException {
        List<String> lines = logSince(logOffset);
        String cause = lines.stream()
                .filter(l -> l.contains("cannot start"))
                .reduce((a, b) -> b)
                .orElse(lines.isEmpty() ? "no output" : lines.get(lines.size() - 1))
                .trim();
        String reason = "exited with " + exitCode + " before it was ready: " + cause;
        DaemonRecord record = files.readOrNone();
        if (record.state() != DaemonState.FAILED) {
            files.write(record.transition(DaemonState.FAILED, reason));
        }
        err.println("tau-mesh: the daemon did not start: " + reason);
        printLogSince(logOffset);
        return 1;
    }

    private void printLogSince(long offset) throws IOException {
        List<String> lines = logSince(offset);
        if (!lines.isEmpty()) {
            err.println("tau-mesh: the daemon's log (" + paths().logFile() + "), last lines:");
            lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(l -> err.println("  " + l));
        }
    }

    private List<String> logSince(long offset) throws IOException {
        if (!Files.exists(paths().logFile())) {
            return List.of();
        }
        try (RandomAccessFile file = new RandomAccessFile(paths().logFile().toFile(), "r")) {
            long length = file.length();
            long from = Math.max(offset, length - 64 * 1024);
            byte[] bytes = new byte[(int) (length - from)];
            file.seek(from);
            file.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** Stops the daemon and records the reason; returns the exit code (0 stopped or not running, 1 it would not stop). */
    public int stop(String reason) throws DaemonException, IOException, InterruptedException {
        requireWritable();
        DaemonRecord record = files.readOrNone();
        OptionalLong pidFilePid = files.readPid();
        boolean fromPidFile = pidFilePid.isPresent();
        Long pid = fromPidFile
                ? Long.valueOf(pidFilePid.getAsLong())
                : record.state().live() ? record.started().pid() : null;
        DaemonProcess process = pid == null
                ? null
                : DaemonProcess.identify(pid, paths(), record.started().processStartUnixMs());

        if (process == null || !process.isDaemon()) {
            stopNotRunning(record, process, reason);
            return 0;
        }

        if (!fromPidFile) {
            out.println("tau-mesh: " + paths().pidFile() + " is missing; stopping the daemon state.json records (pid "
                    + pid + ")");
        }
        files.write(record.transition(DaemonState.STOPPING, reason));
        long started = System.nanoTime();
        process.handle().destroy();
        out.println("tau-mesh: stopping the daemon (pid " + pid + ", reason " + reason + ")");
        out.flush();
        boolean exited = awaitExit(process.handle(), STOP_TIMEOUT);
        String how = "";
        if (!exited) {
            err.println("tau-mesh: the daemon did not stop within " + STOP_TIMEOUT.toSeconds() + " s; killing it");
            process.handle().destroyForcibly();
            if (!awaitExit(process.handle(), Duration.ofSeconds(10))) {
                err.println("tau-mesh: pid " + pid + " survived SIGKILL");
                return 1;
            }
            how = " (killed after " + STOP_TIMEOUT.toSeconds() + " s)";
        }
        files.deletePidIf(pid);
        DaemonRecord after = files.readOrNone();
        if (after.state() != DaemonState.STOPPED || !how.isEmpty()) {
            // The daemon records its own stop; one that was killed could not.
            files.write(after.transition(DaemonState.STOPPED, reason + how));
        }
        out.printf(
                "tau-mesh: the daemon stopped (pid %d, reason %s) in %.1f s%s%n",
                pid, reason, (System.nanoTime() - started) / 1e9, how);
        return 0;
    }

    /** A stop with no daemon to signal: a stale pid file is removed, a live state recorded stopped. */
    private void stopNotRunning(DaemonRecord record, DaemonProcess process, String reason) throws IOException {
        String stale = "";
        if (files.pidFilePresent()) {
            stale = "; removed a stale pid file (" + (process == null ? "it held no pid" : process.detail()) + ")";
            files.deletePid();
        }
        if (!record.state().live()) {
            out.println("tau-mesh: the daemon is not running (" + record.state().wire() + "); nothing to stop" + stale);
            return;
        }
        String seen = process == null ? "no pid recorded" : process.detail();
        files.write(record.transition(DaemonState.STOPPED, reason + " (the daemon was not running: " + seen + ")"));
        out.println("tau-mesh: the daemon was not running (" + seen + "); recorded it stopped (" + reason + ")");
    }

    private static boolean awaitExit(ProcessHandle handle, Duration timeout) throws InterruptedException {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !handle.isAlive();
        }
    }

    static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
