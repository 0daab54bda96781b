package io.taumesh.launcher.daemon;

import java.util.List;

/** {@code --daemon-status} without {@code --daemon-status-json}: the same findings, for a person. */
public final class DaemonStatusText {

    private DaemonStatusText() {}

    public static String render(DaemonStatus s) {
        StringBuilder b = new StringBuilder();
        b.append("daemon state dir: ").append(s.stateDir()).append('\n');
        appendState(b, s);
        b.append("process:    ").append(s.daemon().process()).append('\n');
        DaemonStatus.Mesh mesh = s.mesh();
        if (mesh.opsUrl() != null) {
            b.append("ops:        ")
                    .append(mesh.opsUrl())
                    .append(mesh.ready() == null ? "" : Boolean.TRUE.equals(mesh.ready()) ? " (ready)" : " (not ready)")
                    .append('\n');
        }
        if (s.lastTransition() != null) {
            appendTransition(b, s.lastTransition());
        }
        appendProfile(b, s.installed());
        if (mesh.logFile() != null) {
            b.append("log:        ").append(mesh.logFile()).append('\n');
        }
        if (s.heartbeat() != null) {
            appendHeartbeat(b, s.heartbeat());
        }
        s.verdict().notes().forEach(n -> b.append("note:       ").append(n).append('\n'));
        appendDiagnostics(b, s.verdict().diagnostics());
        return b.toString();
    }

    private static void appendState(StringBuilder b, DaemonStatus s) {
        b.append("state:      ").append(s.state().wire());
        DaemonStatus.Daemon d = s.daemon();
        if (d.running()) {
            b.append(" (pid ")
                    .append(d.pid())
                    .append(d.startedAt() == null ? "" : ", started " + d.startedAt())
                    .append(')');
        } else if (s.state().live()) {
            b.append(", but no daemon process runs");
        }
        b.append('\n');
    }

    private static void appendTransition(StringBuilder b, DaemonRecord.Transition t) {
        b.append("last:       ")
                .append(t.from() == null ? "-" : t.from().wire())
                .append(" -> ")
                .append(t.to().wire())
                .append(" (")
                .append(t.reason())
                .append(") at ")
                .append(t.at())
                .append('\n');
    }

    /** The installed profile, its files (each marked when missing) and the executable they run. */
    private static void appendProfile(StringBuilder b, DaemonStatus.Installed s) {
        b.append("profile:    ")
                .append(
                        s.profile() == null
                                ? "none installed (--daemon-install)"
                                : s.profile().wire())
                .append('\n');
        for (DaemonStatus.ProfileFile f : s.profileFiles()) {
            b.append("            ")
                    .append(f.path())
                    .append(f.present() ? "" : " (missing)")
                    .append('\n');
        }
        if (s.executable() != null) {
            b.append("runs:       ")
                    .append(s.executable())
                    .append(" -jar ")
                    .append(s.launcherJar())
                    .append('\n');
        }
    }

    private static void appendHeartbeat(StringBuilder b, DaemonStatus.Heartbeat h) {
        b.append("heartbeat:  ")
                .append(h.enabled() ? h.status() == null ? "no state yet" : h.status() + " at " + h.updatedAt() : "off")
                .append(" (")
                .append(h.statePath())
                .append(")\n");
        h.reasons().forEach(r -> b.append("            ").append(r).append('\n'));
    }

    private static void appendDiagnostics(StringBuilder b, List<Diagnostic> diagnostics) {
        if (diagnostics.isEmpty()) {
            b.append("diagnostics: none\n");
            return;
        }
        for (Diagnostic d : diagnostics) {
            b.append("diagnostic: ")
                    .append(d.code().wire())
                    .append(": ")
                    .append(d.message())
                    .append('\n');
            b.append("  remedy:   ").append(d.remedy()).append('\n');
        }
    }
}
