package io.taumesh.launcher.daemon;

import io.taumesh.supervisor.heartbeat.HeartbeatSettings;
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

    public DaemonStatus inspect() {
        DaemonPaths paths = files.paths();
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<String> notes = new ArrayList<>();

        files.unwritableWithoutCreating()
                .ifPresent(
                        reason -> diagnostics.add(Diagnostic.of(DiagnosticCode.STATE_DIR_NOT_WRITABLE, reason, paths)));

        DaemonRecord record;
        try {
            record = files.read();
        } catch (IOException e) {
            notes.add(e.getMessage() + "; a start or a stop writes a new one");
            record = DaemonRecord.none();
        }
        boolean pidFilePresent = files.pidFilePresent();
        OptionalLong pidFilePid = OptionalLong.empty();
        try {
            pidFilePid = files.readPid();
        } catch (IOException e) {
            notes.add("cannot read " + paths.pidFile() + ": " + e.getMessage());
        }
        if (pidFilePresent && pidFilePid.isEmpty()) {
            notes.add(paths.pidFile() + " holds no pid: it is stale, and the next start replaces it");
        }

        // The process: the pid file's, else (its file missing) the one state.json recorded.
        Long pid = pidFilePid.isPresent() ? Long.valueOf(pidFilePid.getAsLong()) : record.pid();
        DaemonProcess process = pid == null ? null : DaemonProcess.identify(pid, paths, record.processStartUnixMs());
        boolean running = process != null && process.isDaemon();
        if (process != null && !running && pidFilePid.isPresent()) {
            notes.add("stale pid file: " + process.detail()
                    + "; --daemon-start removes it, --daemon-stop records the daemon stopped");
        }
        if (record.state().live() && !pidFilePresent) {
            diagnostics.add(Diagnostic.of(
                    DiagnosticCode.PID_FILE_MISSING_FOR_RUNNING_STATE,
                    "state.json says " + record.state().wire()
                            + (record.pid() == null
                                    ? ""
                                    : " (pid " + record.pid() + ", " + (running ? "alive" : "not running") + ")")
                            + " but " + paths.pidFile() + " is missing",
                    paths));
        } else if (record.state().live() && !running) {
            notes.add("state.json says " + record.state().wire() + " but the daemon is not running ("
                    + (process == null ? "no pid" : process.detail()) + "): it died without a stop; see "
                    + paths.logFile());
        }

        Boolean ready = running && record.opsUrl() != null ? readiness(record.opsUrl()) : null;
        if (Boolean.FALSE.equals(ready)) {
            notes.add("the mesh does not answer " + record.opsUrl() + "/readiness with 200 yet");
        }

        List<DaemonStatus.ProfileFile> profileFiles = new ArrayList<>();
        DaemonProfile profile = record.profile();
        if (profile != null) {
            if (!host.supports(profile)) {
                diagnostics.add(Diagnostic.of(
                        DiagnosticCode.PROFILE_NOT_SUPPORTED_ON_HOST,
                        "the installed " + profile.wire() + " profile is not supported on " + host.displayName(),
                        paths));
            }
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
                diagnostics.add(Diagnostic.of(
                        DiagnosticCode.SERVICE_FILE_MISSING,
                        "the " + profile.wire() + " profile is installed but " + String.join(", ", missing)
                                + (missing.size() == 1 ? " is" : " are") + " missing",
                        paths));
            }
            if (record.install() != null) {
                DaemonLaunch.missing(
                                Path.of(record.install().executable()),
                                Path.of(record.install().launcherJar()))
                        .ifPresent(reason -> diagnostics.add(Diagnostic.of(
                                DiagnosticCode.EXECUTABLE_MISSING,
                                reason + " (the " + profile.wire() + " profile runs it)",
                                paths)));
            }
        }

        return new DaemonStatus(
                DaemonStatus.SCHEMA_VERSION,
                paths.dir().toString(),
                record.state(),
                running,
                pid,
                paths.pidFile().toString(),
                pidFilePid.isPresent() ? pidFilePid.getAsLong() : null,
                process == null
                        ? "no daemon process recorded"
                        : running ? "pid " + pid + ": the daemon of this state dir" : process.detail(),
                record.startedAt(),
                record.opsUrl(),
                ready,
                record.logFile(),
                profile,
                profileFiles,
                record.install() == null ? null : record.install().executable(),
                record.install() == null ? null : record.install().launcherJar(),
                record.lastTransition(),
                heartbeat(record.heartbeat()),
                diagnostics,
                notes,
                diagnostics.isEmpty());
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
                reasons = state.getJsonArray("reasons", new io.vertx.core.json.JsonArray()).stream()
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
