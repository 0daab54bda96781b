package io.taumesh.launcher.daemon;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The option every daemon command shares (a mixin of {@code tau-mesh}): where the daemon keeps its files. */
public final class DaemonOptions {

    @Option(
            names = "--daemon-state-dir",
            paramLabel = "DIR",
            defaultValue = "${env:TAU_DAEMON_STATE_DIR:-" + DaemonPaths.DEFAULT_DIR + "}",
            description = "Daemon state: daemon.pid, state.json, daemon.log, the systemd/ and launchd/ profiles "
                    + "(env TAU_DAEMON_STATE_DIR, default: ${DEFAULT-VALUE}).")
    public Path stateDir;

    public DaemonPaths paths() {
        return new DaemonPaths(stateDir);
    }

    public DaemonFiles files() {
        return new DaemonFiles(paths());
    }
}
