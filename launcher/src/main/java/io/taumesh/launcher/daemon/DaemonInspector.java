package io.taumesh.launcher.daemon;

import io.taumesh.supervisor.heartbeat.HeartbeatSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** {@code --daemon-status}: reads the state dir and looks at what runs, without changing anything. */
public final class DaemonInspector {

    private final DaemonFiles files;
    private final HostPlatform host;

    public DaemonInspector(DaemonFiles files, HostPlatform host) {
        this.files = files;
        this.host = host;
    }

    /** What the pid file says: whether it is there, and the pid in it when it holds one. */
    private record PidFile(boolean present, OptionalLong pid) {}

    /** The process the state dir points at (none without a pid), and whether it is the state dir's daemon. */
    private record Liveness(Long pid, DaemonProcess process, boolean running) {

        String describe() {
            if (process == null) {
                return "no daemon process recorded";
            }
            return running ? "pid " + pid + ": the daemon of this state dir" : process.detail();
        }
    }

    /** What an inspection finds wrong (the diagnostics) and worth saying (the notes), in the order found. */
    private record Findings(List<Diagnostic> diagnostics, List<String> notes) {

        void diagnose(Diagnostic diagnostic) {
            diagnostics.add(diagnostic);
        }

        void note(String note) {
            notes.add(note);
        }
    }

    public DaemonStatus inspect() {
        DaemonPaths paths = files.paths();
        Findings findings = new Findings(new ArrayList<>(), new ArrayList<>());
        files.unwritableWithoutCreating()
                .ifPresent(reason ->
                        findings.diagnose(Diagnostic.of(DiagnosticCode.STATE_DIR_NOT_WRITABLE, reason, paths)));
        DaemonRecord record = readRecord(findings);
        PidFile pidFile = readPidFile(paths, findings);
        Liveness liveness = identifyProcess(record, pidFile, paths, findings);
        checkRecordedState(record, pidFile, liveness, paths, findings);
        Boolean ready = liveness.running() && record.mesh().opsUrl() != null
                ? readiness(record.mesh().opsUrl())
                : null;
        if (Boolean.FALSE.equals(ready)) {
            findings.note("the mesh does not answer " + record.mesh().opsUrl() + "/readiness with 200 yet");
        }
        List<DaemonStatus.ProfileFile> profileFiles =
                record.profile() == null ? new ArrayList<>() : checkProfile(record, paths, findings);
        return status(paths, record, pidFile, liveness, ready, profileFiles, findings);
    }

    private DaemonRecord readRecord(Findings findings) {
        try {
            return files.read();
        } catch (IOException e) {
            findings.note(e.getMessage() + "; a start or a stop writes a new one");
            return DaemonRecord.none();
        }
    }

    private PidFile readPidFile(DaemonPaths paths, Findings findings) {
        boolean present = files.pidFilePresent();
        OptionalLong pid = OptionalLong.empty();
        try {
            pid = files.readPid();
        } catch (IOException e) {
            findings.note("cannot read " + paths.pidFile() + ": " + e.getMessage());
        }
        if (present && pid.isEmpty()) {
            findings.note(paths.pidFile() + " holds no pid: it is stale, and the next start replaces it");
        }
        return new PidFile(present, pid);
    }

    /** The process: the pid file's, else (its file missing) the one state.json recorded. */
    private static Liveness identifyProcess(
            DaemonRecord record, PidFile pidFile, DaemonPaths paths, Findings findings) {
        Long pid = pidFile.pid().isPresent()
                ? Long.valueOf(pidFile.pid().getAsLong())
                : record.started().pid();
        DaemonProcess process = pid == null
                ? null
                : DaemonProcess.identify(pid, paths, record.started().processStartUnixMs());
        boolean running = process != null && process.isDaemon();
        if (process != null && !running && pidFile.pid().isPresent()) {
            findings.note("stale pid file: " + process.detail()
                    + "; --daemon-start removes it, --daemon-stop records the daemon stopped");
        }
        return new Liveness(pid, process, running);
    }

    /** Whether a live state recorded in state.json holds: its pid file there, its daemon running. */
    private static void checkRecordedState(
            DaemonRecord record, PidFile pidFile, Liveness liveness, DaemonPaths paths, Findings findings) {
        if (record.state().live() && !pidFile.present()) {
            findings.diagnose(Diagnostic.of(
                    DiagnosticCode.PID_FILE_MISSING_FOR_RUNNING_STATE,
                    "state.json says " + record.state().wire()
                            + (record.started().pid() == null
                                    ? ""
                                    : " (pid " + record.started().pid() + ", "
                                            + (liveness.running() ? "alive" : "not running") + ")")
                            + " but " + paths.pidFile() + " is missing",
                    paths));
        } else if (record.state().live() && !liveness.running()) {
            findings.note("state.json says " + record.state().wire() + " but the daemon is not running ("
                    + (liveness.process() == null
                            ? "no pid"
                            : liveness.process().detail())
                    + "): it died without a stop; see " + paths.logFile());
        }
    }

    /** The installed profile's files, each there or not; what keeps the profile from running is diagnosed. */
    private List<DaemonStatus.ProfileFile> checkProfile(DaemonRecord record, DaemonPaths paths, Findings findings) {
        DaemonProfile profile = record.profile();
        if (!host.supports(profile)) {
            findings.diagnose(Diagnostic.of(
                    DiagnosticCode.PROFILE_NOT_SUPPORTED_ON_HOST,
                    "the installed " + profile.wire() + " profile is not supported on " + host.displayName(),
                    paths));
        }
        List<DaemonStatus.ProfileFile> profileFiles = new ArrayList<>();
        List<String> expected =
                record.install() == null ? List.of() : record.install().files();
        for (String file : expected) {
            profileFiles.add(new DaemonStatus.ProfileFile(file, Files.isRegularFile(Path.of(file))));
        }
        List<String> missing = profileFiles.stream()
                .filter(f -> !f.present())
                .map(DaemonStatus.ProfileFile::path)
                .toList();
        if (!missing.isEmpty()) {
            findings.diagnose(Diagnostic.of(
                    DiagnosticCode.SERVICE_FILE_MISSING,
                    "the " + profile.wire() + " profile is installed but " + String.join(", ", missing)
                            + (missing.size() == 1 ? " is" : " are") + " missing",
                    paths));
        }
        if (record.install() != null) {
            DaemonLaunch.missing(
                            Path.of(record.install().executable()),
                            Path.of(record.install().launcherJar()))
                    .ifPresent(reason -> findings.diagnose(Diagnostic.of(
                            DiagnosticCode.EXECUTABLE_MISSING,
                            reason + " (the " + profile.wire() + " profile runs it)",
                            paths)));
        }
        return profileFiles;
    }

    private static DaemonStatus status(
            DaemonPaths paths,
            DaemonRecord record,
            PidFile pidFile,
            Liveness liveness,
            Boolean ready,
            List<DaemonStatus.ProfileFile> profileFiles,
            Findings findings) {
        return new DaemonStatus(
                DaemonStatus.SCHEMA_VERSION,
                paths.dir().toString(),
                record.state(),
                new DaemonStatus.Daemon(
                        liveness.running(),
                        liveness.pid(),
                        paths.pidFile().toString(),
                        pidFile.pid().isPresent() ? pidFile.pid().getAsLong() : null,
                        liveness.describe(),
                        record.started().startedAt()),
                new DaemonStatus.Mesh(
                        record.mesh().opsUrl(), ready, record.mesh().logFile()),
                new DaemonStatus.Installed(
                        record.profile(),
                        profileFiles,
                        record.install() == null ? null : record.install().executable(),
                        record.install() == null ? null : record.install().launcherJar()),
                record.lastTransition(),
                heartbeat(record.heartbeat()),
                new DaemonStatus.Verdict(
                        findings.diagnostics(),
                        findings.notes(),
                        findings.diagnostics().isEmpty()));
    }

    private static DaemonStatus.Heartbeat heartbeat(HeartbeatSettings settings) {
        if (settings == null) {
            return null;
        }
        String status = null;
        String updatedAt = null;
        List<String> reasons = List.of();
        try {
            if (Files.isRegularFile(settings.statePath())) {
                JsonObject state = new JsonObject(Files.readString(settings.statePath()));
                status = state.getString("status");
                updatedAt = state.getString("updated_at");
                reasons = state.getJsonArray("reasons", new JsonArray()).stream()
                        .map(String::valueOf)
                        .toList();
            }
        } catch (IOException | RuntimeException e) {
            reasons = List.of("cannot read " + settings.statePath() + ": " + e.getMessage());
        }
        return new DaemonStatus.Heartbeat(
                settings.enabled(), settings.statePath().toString(), status, updatedAt, reasons);
    }

    /**
     * Whether the mesh's ops endpoint answers {@code /readiness} with 200. The JDK's plain HTTP client: the newer
     * one's start would be a third of a status command's time.
     */
    static boolean readiness(String opsUrl) {
        HttpURLConnection http = null;
        try {
            http = (HttpURLConnection) URI.create(opsUrl + "/readiness").toURL().openConnection();
            http.setConnectTimeout(2_000);
            http.setReadTimeout(5_000);
            return http.getResponseCode() == 200;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            if (http != null) {
                http.disconnect();
            }
        }
    }
}
