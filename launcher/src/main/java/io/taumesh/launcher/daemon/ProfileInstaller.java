package io.taumesh.launcher.daemon;

import io.taumesh.core.files.AtomicFiles;
import io.taumesh.supervisor.heartbeat.HeartbeatSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --daemon-install} and {@code --daemon-uninstall}: writes the profile files of the host's service manager
 * under the state dir (each atomically), records them in {@code state.json}, and removes them again. Installing
 * activates nothing: the operator copies the file where the service manager looks (docs/daemon.md).
 */
public final class ProfileInstaller {

    private final DaemonFiles files;
    private final HostPlatform host;

    public ProfileInstaller(DaemonFiles files, HostPlatform host) {
        this.files = files;
        this.host = host;
    }

    /** Writes the profile; returns the files written. */
    public List<Path> install(DaemonProfile requested, DaemonLaunch launch, HeartbeatSettings heartbeat, Path docs)
            throws DaemonException, IOException {
        DaemonPaths paths = files.paths();
        DaemonProfile profile = host.resolve(requested);
        if (!host.supports(profile)) {
            throw new DaemonException(
                    Diagnostic.of(DiagnosticCode.PROFILE_NOT_SUPPORTED_ON_HOST, unsupported(requested), paths));
        }
        Optional<String> unwritable = files.unwritable();
        if (unwritable.isPresent()) {
            throw new DaemonException(Diagnostic.of(DiagnosticCode.STATE_DIR_NOT_WRITABLE, unwritable.get(), paths));
        }
        Optional<String> missing = launch.missingExecutable();
        if (missing.isPresent()) {
            throw new DaemonException(Diagnostic.of(DiagnosticCode.EXECUTABLE_MISSING, missing.get(), paths));
        }
        removeProfileFiles();
        List<Path> written = new ArrayList<>();
        if (profile == DaemonProfile.SYSTEMD) {
            write(paths.systemdUnit(), SystemdUnits.userUnit(launch, paths, docs), written);
            write(
                    paths.supervisorUnit(),
                    SystemdUnits.supervisorUnit(launch, paths, docs, System.getProperty("user.name")),
                    written);
        } else {
            write(paths.launchdPlist(), LaunchdPlist.render(launch, paths), written);
        }
        DaemonRecord.Install install = new DaemonRecord.Install(
                written.stream().map(Path::toString).toList(),
                launch.java().toString(),
                launch.launcherJar().toString(),
                launch.workingDir().toString(),
                Instant.now().toString());
        files.write(files.readOrNone().withProfile(profile, install).withHeartbeat(heartbeat));
        return written;
    }

    /** Removes the profile files; returns those that were there. */
    public List<Path> uninstall() throws DaemonException, IOException {
        DaemonPaths paths = files.paths();
        Optional<String> unwritable = files.unwritableWithoutCreating();
        if (unwritable.isPresent()) {
            throw new DaemonException(Diagnostic.of(DiagnosticCode.STATE_DIR_NOT_WRITABLE, unwritable.get(), paths));
        }
        List<Path> removed = removeProfileFiles();
        if (Files.exists(paths.stateFile())) {
            files.write(files.readOrNone().withProfile(null, null));
        }
        return removed;
    }

    private String unsupported(DaemonProfile requested) {
        DaemonProfile own = host.nativeProfile();
        if (requested == DaemonProfile.AUTO) {
            return "no daemon profile for " + host.displayName() + " (profiles: systemd on Linux, launchd on macOS)";
        }
        return "the " + requested.wire() + " profile is not supported on " + host.displayName()
                + (own == null
                        ? " (profiles: systemd on Linux, launchd on macOS)"
                        : "; this host's profile is " + own.wire());
    }

    private List<Path> removeProfileFiles() throws IOException {
        DaemonPaths paths = files.paths();
        List<Path> removed = new ArrayList<>();
        for (Path file : List.of(paths.systemdUnit(), paths.supervisorUnit(), paths.launchdPlist())) {
            if (Files.deleteIfExists(file)) {
                removed.add(file);
            }
            deleteIfEmpty(file.getParent());
        }
        return removed;
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isEmpty()) {
                    Files.delete(dir);
                }
            }
        }
    }

    private static void write(Path file, String text, List<Path> written) throws IOException {
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        written.add(file);
    }
}
