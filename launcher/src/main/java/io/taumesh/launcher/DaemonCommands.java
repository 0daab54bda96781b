package io.taumesh.launcher;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.contract.WireName;
import io.taumesh.launcher.daemon.DaemonException;
import io.taumesh.launcher.daemon.DaemonFiles;
import io.taumesh.launcher.daemon.DaemonInspector;
import io.taumesh.launcher.daemon.DaemonLaunch;
import io.taumesh.launcher.daemon.DaemonLifecycle;
import io.taumesh.launcher.daemon.DaemonPaths;
import io.taumesh.launcher.daemon.DaemonProfile;
import io.taumesh.launcher.daemon.DaemonRun;
import io.taumesh.launcher.daemon.DaemonStatus;
import io.taumesh.launcher.daemon.DaemonStatusText;
import io.taumesh.launcher.daemon.Diagnostic;
import io.taumesh.launcher.daemon.DiagnosticCode;
import io.taumesh.launcher.daemon.HostPlatform;
import io.taumesh.launcher.daemon.MeshArguments;
import io.taumesh.launcher.daemon.ProfileInstaller;
import io.taumesh.supervisor.heartbeat.HeartbeatSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Runbook 004's daemon lifecycle: install, uninstall, start, stop, status; and the daemon's own process. */
final class DaemonCommands {

    private DaemonCommands() {}

    /** {@code --daemon-install [--daemon-profile auto|systemd|launchd]}. */
    static final class Install implements LauncherCommand {
        @Option(
                names = "--daemon-install",
                required = true,
                description =
                        "Write the daemon's service profile under --daemon-state-dir (runbook 004); activating it is a copy (docs/daemon.md).")
        boolean on;

        @Option(
                names = "--daemon-profile",
                paramLabel = "PROFILE",
                defaultValue = "auto",
                description =
                        "With --daemon-install: auto (the host's), systemd or launchd (default: ${DEFAULT-VALUE}).")
        String profile;

        @Override
        public int run(Launch launch) throws Exception {
            DaemonProfile requested = WireName.parse(DaemonProfile.class, profile)
                    .orElseThrow(() -> launch.usage("--daemon-profile must be one of "
                            + WireName.listed(DaemonProfile.class) + ", got '" + profile + "'"));
            return report(launch, () -> {
                List<Path> written = install(
                        launch, requested, MeshArguments.of(launch.commandLine().getParseResult()));
                DaemonPaths paths = launch.daemon().paths();
                written.forEach(file -> launch.out().println("tau-mesh: wrote " + file));
                launch.out()
                        .println("tau-mesh: installed the " + profileOf(launch).wire()
                                + " profile; activate it as docs/daemon.md says, e.g.:");
                activation(profileOf(launch), paths)
                        .forEach(line -> launch.out().println("  " + line));
                return 0;
            });
        }

        private static DaemonProfile profileOf(Launch launch) {
            return launch.daemon().files().readOrNone().profile();
        }
    }

    /** Installs the profile for this launcher and these mesh flags (also what onboarding does). */
    static List<Path> install(Launch launch, DaemonProfile requested, List<String> meshArgs) throws Exception {
        validateMeshFlags(launch);
        DaemonFiles files = launch.daemon().files();
        DaemonLaunch daemonLaunch = daemonLaunch(launch, meshArgs);
        return new ProfileInstaller(files, HostPlatform.current())
                .install(requested, daemonLaunch, heartbeat(launch), docs(daemonLaunch.launcherJar()));
    }

    /** The activation commands of runbook 004 for the installed profile. */
    static List<String> activation(DaemonProfile profile, DaemonPaths paths) {
        if (profile == DaemonProfile.LAUNCHD) {
            return List.of(
                    "mkdir -p ~/Library/LaunchAgents",
                    "cp " + paths.launchdPlist() + " ~/Library/LaunchAgents/",
                    "launchctl bootstrap \"gui/$(id -u)\" ~/Library/LaunchAgents/" + DaemonPaths.LAUNCHD_LABEL
                            + ".plist");
        }
        return List.of(
                "mkdir -p ~/.config/systemd/user",
                "cp " + paths.systemdUnit() + " ~/.config/systemd/user/",
                "systemctl --user daemon-reload",
                "systemctl --user enable --now " + DaemonPaths.SYSTEMD_UNIT,
                "(or, as a system service for runbook 002's journalctl -u supervisor: cp " + paths.supervisorUnit()
                        + " /etc/systemd/system/ && systemctl daemon-reload && systemctl enable --now supervisor.service)");
    }

    /** {@code --daemon-uninstall}. */
    static final class Uninstall implements LauncherCommand {
        @Option(
                names = "--daemon-uninstall",
                required = true,
                description =
                        "Remove the daemon's profile files from --daemon-state-dir (deactivate them first: docs/daemon.md).")
        boolean on;

        @Override
        public int run(Launch launch) throws Exception {
            return report(launch, () -> {
                List<Path> removed = new ProfileInstaller(launch.daemon().files(), HostPlatform.current()).uninstall();
                if (removed.isEmpty()) {
                    launch.out()
                            .println("tau-mesh: no daemon profile is installed in "
                                    + launch.daemon().paths().dir() + "; nothing to remove");
                }
                removed.forEach(file -> launch.out().println("tau-mesh: removed " + file));
                return 0;
            });
        }
    }

    /** {@code --daemon-start}. */
    static final class Start implements LauncherCommand {
        @Option(
                names = "--daemon-start",
                required = true,
                description =
                        "Start the mesh in the background, detached, and return once it is ready (its flags: the mesh's flags given here).")
        boolean on;

        @Override
        public int run(Launch launch) throws Exception {
            return start(launch, MeshArguments.of(launch.commandLine().getParseResult()));
        }
    }

    static int start(Launch launch, List<String> meshArgs) throws Exception {
        validateMeshFlags(launch);
        return report(
                launch,
                () -> new DaemonLifecycle(launch.daemon().files(), launch.out(), launch.err())
                        .start(daemonLaunch(launch, meshArgs), heartbeat(launch)));
    }

    /** {@code --daemon-stop [--daemon-stop-reason R]}. */
    static final class Stop implements LauncherCommand {
        @Option(names = "--daemon-stop", required = true, description = "Stop the daemon gracefully and record why.")
        boolean on;

        @Option(
                names = "--daemon-stop-reason",
                paramLabel = "REASON",
                defaultValue = "operator_request",
                description = "With --daemon-stop: the reason recorded in state.json (default: ${DEFAULT-VALUE}).")
        String reason;

        @Override
        public int run(Launch launch) throws Exception {
            if (reason.isBlank()) {
                throw launch.usage("--daemon-stop-reason must not be blank");
            }
            return report(
                    launch,
                    () -> new DaemonLifecycle(launch.daemon().files(), launch.out(), launch.err()).stop(reason));
        }
    }

    /** {@code --daemon-status [--daemon-status-json]}. */
    static final class Status implements LauncherCommand {
        @Option(
                names = "--daemon-status",
                required = true,
                description =
                        "Print the daemon's state and diagnostics (exit 0 when there is no diagnostic, 1 when there is).")
        boolean on;

        @Option(names = "--daemon-status-json", description = "With --daemon-status: print JSON.")
        boolean json;

        @Override
        public int run(Launch launch) {
            DaemonStatus status = new DaemonInspector(launch.daemon().files(), HostPlatform.current()).inspect();
            launch.out()
                    .print(json ? MeshJson.toJson(status).encodePrettily() + "\n" : DaemonStatusText.render(status));
            return status.verdict().healthy() ? 0 : 1;
        }
    }

    /** {@code --daemon-run}: the daemon's own process, what the profiles and --daemon-start run. */
    static final class Run implements LauncherCommand {
        @Option(
                names = "--daemon-run",
                required = true,
                description =
                        "Run the mesh in the foreground as the daemon of --daemon-state-dir (what the profiles and --daemon-start run).")
        boolean on;

        @Override
        public int run(Launch launch) {
            validateMeshFlags(launch);
            String cluster = launch.node().toSettings().cluster().clusterName();
            return new DaemonRun(launch.daemon().files(), heartbeat(launch), cluster, launch.err()).run(launch.mesh());
        }
    }

    /** The mesh flags are checked before a daemon is started on them: a bad one is a usage error here (exit 2). */
    static void validateMeshFlags(Launch launch) {
        launch.gatewaySettings();
        launch.dashboardSettings();
        heartbeat(launch);
        try {
            launch.node().toSettings();
        } catch (IllegalArgumentException e) {
            throw launch.usage(e.getMessage());
        }
    }

    static HeartbeatSettings heartbeat(Launch launch) {
        try {
            return launch.supervisor().heartbeat.toSettings();
        } catch (IllegalArgumentException e) {
            throw launch.usage(e.getMessage());
        }
    }

    static DaemonLaunch daemonLaunch(Launch launch, List<String> meshArgs) throws DaemonException {
        DaemonPaths paths = launch.daemon().paths();
        Path jar = DaemonLaunch.jarOf(TauMeshCommand.class)
                .orElseThrow(() -> new DaemonException(Diagnostic.of(
                        DiagnosticCode.EXECUTABLE_MISSING,
                        "the launcher does not run from its jar ("
                                + TauMeshCommand.class
                                        .getProtectionDomain()
                                        .getCodeSource()
                                        .getLocation() + ")",
                        paths)));
        return DaemonLaunch.ofThisJvm(jar, meshArgs, paths);
    }

    /** docs/daemon.md beside a launcher jar built in the repository ({@code launcher/target/tau-mesh.jar}), if there. */
    static Path docs(Path jar) {
        Path root = jar.toAbsolutePath().getParent();
        for (int up = 0; up < 2 && root != null; up++) {
            root = root.getParent();
        }
        Path docs = root == null ? null : root.resolve("docs").resolve("daemon.md");
        return docs != null && Files.isRegularFile(docs) ? docs : null;
    }

    interface DaemonAction {
        int run() throws Exception;
    }

    /** Runs a daemon action; a diagnostic that stops it is printed with its code and remedy, and exits 1. */
    static int report(Launch launch, DaemonAction action) throws Exception {
        try {
            return action.run();
        } catch (DaemonException e) {
            Diagnostic d = e.diagnostic();
            launch.err().println("tau-mesh: " + d.code().wire() + ": " + d.message());
            launch.err().println("tau-mesh: remedy: " + d.remedy());
            return 1;
        }
    }
}
