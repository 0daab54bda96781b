package io.taumesh.launcher.daemon;

import java.nio.file.Path;

/**
 * Where the daemon keeps its files under its state dir {@code D} (runbook 004): {@code D/daemon.pid},
 * {@code D/state.json}, the log {@code D/daemon.log}, the profiles {@code D/systemd/tau-coding-agent.service}
 * (with {@code D/systemd/supervisor.service}) and {@code D/launchd/io.tau.coding-agent.plist}, and the
 * onboarding profile configs {@code D/profiles/<name>.json}. Always absolute: the paths end up in unit files
 * and in the command line of a process that runs elsewhere.
 */
public record DaemonPaths(Path dir) {

    public static final String DEFAULT_DIR = ".tau/daemon";
    public static final String SYSTEMD_UNIT = "tau-coding-agent.service";
    public static final String SUPERVISOR_UNIT = "supervisor.service";
    public static final String LAUNCHD_LABEL = "io.tau.coding-agent";

    public DaemonPaths {
        dir = dir.toAbsolutePath().normalize();
    }

    public Path pidFile() {
        return dir.resolve("daemon.pid");
    }

    public Path stateFile() {
        return dir.resolve("state.json");
    }

    public Path logFile() {
        return dir.resolve("daemon.log");
    }

    public Path systemdUnit() {
        return dir.resolve("systemd").resolve(SYSTEMD_UNIT);
    }

    public Path supervisorUnit() {
        return dir.resolve("systemd").resolve(SUPERVISOR_UNIT);
    }

    public Path launchdPlist() {
        return dir.resolve("launchd").resolve(LAUNCHD_LABEL + ".plist");
    }

    public Path profileConfig(String name) {
        return dir.resolve("profiles").resolve(name + ".json");
    }
}
