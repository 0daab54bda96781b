package io.taumesh.core.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** {@code health().status} of the supervisor. */
public enum SupervisorStatus implements WireName {
    STARTING,
    READY,
    DEGRADED,
    STOPPING;

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
