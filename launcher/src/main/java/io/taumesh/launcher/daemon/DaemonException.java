package io.taumesh.launcher.daemon;

/** A daemon command that cannot go on, with the diagnostic that says why and what fixes it (exit 1). */
public final class DaemonException extends Exception {

    private final transient Diagnostic diagnostic;

    public DaemonException(Diagnostic diagnostic) {
        super(diagnostic.code().wire() + ": " + diagnostic.message());
        this.diagnostic = diagnostic;
    }

    public Diagnostic diagnostic() {
        return diagnostic;
    }
}
