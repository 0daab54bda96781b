package io.taumesh.launcher.daemon;

/** One finding of the daemon's diagnostics: its code, what was seen, and what fixes it. */
public record Diagnostic(DiagnosticCode code, String message, String remedy) {

    public static Diagnostic of(DiagnosticCode code, String message, DaemonPaths paths) {
        return new Diagnostic(code, message, code.remedy(paths));
    }
}
