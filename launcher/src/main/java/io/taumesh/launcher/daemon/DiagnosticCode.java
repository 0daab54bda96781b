package io.taumesh.launcher.daemon;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.WireName;
import java.util.Locale;

/** The daemon's diagnostics codes, named as runbook 004's troubleshooting names them, each with its remedy. */
public enum DiagnosticCode implements WireName {
    PROFILE_NOT_SUPPORTED_ON_HOST(
            "use --daemon-profile auto, or the host's profile (systemd on Linux, launchd on macOS)"),
    SERVICE_FILE_MISSING("re-run install: ./tau-mesh --daemon-install --daemon-state-dir %s"),
    PID_FILE_MISSING_FOR_RUNNING_STATE(
            "reconcile the lifecycle state: ./tau-mesh --daemon-stop --daemon-state-dir %1$s, "
                    + "then ./tau-mesh --daemon-start --daemon-state-dir %1$s"),
    STATE_DIR_NOT_WRITABLE("check the permissions and ownership of %s and of its parent directories"),
    EXECUTABLE_MISSING("rebuild Tau Mesh (mvn -B package -DskipTests; ./tau-mesh builds itself when run) and re-run "
            + "./tau-mesh --daemon-install --daemon-state-dir %s");

    private final String remedy;

    DiagnosticCode(String remedy) {
        this.remedy = remedy;
    }

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The remedy, naming the state dir it is about. */
    public String remedy(DaemonPaths paths) {
        return String.format(remedy, paths.dir());
    }
}
