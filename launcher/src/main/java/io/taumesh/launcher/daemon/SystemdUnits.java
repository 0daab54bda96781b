package io.taumesh.launcher.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The systemd units of the daemon. {@code tau-coding-agent.service} is a user unit (runbook 004:
 * {@code systemctl --user}); {@code supervisor.service} runs the same mesh as a system unit under the installing
 * user, so that runbook 002's {@code journalctl -u supervisor} finds the supervisor's log (install one or the
 * other). Both stop the way the mesh stops cleanly: {@code KillMode=mixed} sends SIGTERM to the mesh alone,
 * which stops its children in order (each runs in a process group of its own and goes with the supervisor),
 * logs {@code ShutdownPhase::Completed} and exits 0; whatever is left after the stop timeout gets SIGKILL.
 */
public final class SystemdUnits {

    /** How long the mesh may take to stop: its children's timeouts plus leaving the cluster. */
    static final int STOP_TIMEOUT_SECONDS = 90;

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private SystemdUnits() {}

    /** The user unit, {@code tau-coding-agent.service}. */
    public static String userUnit(DaemonLaunch launch, DaemonPaths paths, Path docs) {
        return unit(
                "Tau Mesh daemon: the supervisor and its runners, relay and web UI (user service)",
                launch,
                paths,
                docs,
                "tau-coding-agent",
                null,
                "default.target");
    }

    /** The system unit, {@code supervisor.service}, run as {@code user}. */
    public static String supervisorUnit(DaemonLaunch launch, DaemonPaths paths, Path docs, String user) {
        return unit(
                "Tau Mesh supervisor: the supervisor and its runners, relay and web UI (system service)",
                launch,
                paths,
                docs,
                "supervisor",
                user,
                "multi-user.target");
    }

    private static String unit(
            String description,
            DaemonLaunch launch,
            DaemonPaths paths,
            Path docs,
            String identifier,
            String user,
            String wantedBy) {
        StringBuilder s = new StringBuilder();
        s.append("# Written by ./tau-mesh --daemon-install; see docs/daemon.md. Regenerate it rather than edit it.\n");
        s.append("[Unit]\n");
        s.append("Description=").append(description).append('\n');
        if (docs != null && Files.isRegularFile(docs)) {
            s.append("Documentation=file:")
                    .append(escapePath(docs.toAbsolutePath().toString()))
                    .append('\n');
        }
        s.append("After=network.target\n\n");
        s.append("[Service]\n");
        s.append("Type=exec\n");
        if (user != null) {
            s.append("User=").append(user).append('\n');
        }
        s.append("WorkingDirectory=")
                .append(escapePath(launch.workingDir().toString()))
                .append('\n');
        for (Map.Entry<String, String> e : launch.environment().entrySet()) {
            s.append("Environment=")
                    .append(quoteAssignment(e.getKey() + "=" + e.getValue()))
                    .append('\n');
        }
        s.append("ExecStart=").append(commandLine(launch.command(paths))).append('\n');
        s.append("# A clean stop: SIGTERM to the mesh alone; it stops its children in order and exits 0.\n");
        s.append("KillMode=mixed\n");
        s.append("KillSignal=SIGTERM\n");
        s.append("TimeoutStopSec=").append(STOP_TIMEOUT_SECONDS).append('\n');
        s.append(
                "# Restarted after a crash or a panic (exit 70), not after a clean stop; bad flags (exit 2) are not retried.\n");
        s.append("Restart=on-failure\n");
        s.append("RestartSec=5\n");
        s.append("RestartPreventExitStatus=2\n");
        s.append("SyslogIdentifier=").append(identifier).append('\n');
        s.append("StandardOutput=journal\n");
        s.append("StandardError=journal\n\n");
        s.append("[Install]\n");
        s.append("WantedBy=").append(wantedBy).append('\n');
        return s.toString();
    }

    /** A command line as {@code ExecStart=} reads it: each word quoted when it must be, specifiers escaped. */
    static String commandLine(List<String> words) {
        StringBuilder s = new StringBuilder();
        for (String word : words) {
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(PLAIN.matcher(word).matches() ? escapeSpecifiers(word) : quote(word));
        }
        return s.toString();
    }

    /** A double-quoted word: backslash and quote escaped, {@code %} and {@code $} doubled (systemd specifiers, variables). */
    static String quote(String word) {
        return "\"" + escapeSpecifiers(word.replace("\\", "\\\\").replace("\"", "\\\"")) + "\"";
    }

    /** An {@code Environment=} assignment: quoted and specifiers escaped, but no variables are expanded there. */
    static String quoteAssignment(String assignment) {
        return "\"" + assignment.replace("\\", "\\\\").replace("\"", "\\\"").replace("%", "%%") + "\"";
    }

    private static String escapeSpecifiers(String word) {
        return word.replace("%", "%%").replace("$", "$$");
    }

    private static String escapePath(String path) {
        return path.replace("%", "%%");
    }
}
