package io.taumesh.launcher.daemon;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.WireName;
import java.util.Locale;

/** A service-manager profile for the daemon ({@code --daemon-profile}). */
public enum DaemonProfile implements WireName {
    /** The host's own: systemd on Linux, launchd on macOS. */
    AUTO,
    /** A systemd user unit (Linux). */
    SYSTEMD,
    /** A launchd agent (macOS). */
    LAUNCHD;

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
