package io.taumesh.core.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** {@code health().dashboard_link}: whether the relay's heartbeats reach the supervisor. */
public enum DashboardLink implements WireName {
    CONNECTED,
    DISCONNECTED;

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
