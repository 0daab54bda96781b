package io.taumesh.supervisor.heartbeat;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.WireName;
import java.util.Locale;

/** The heartbeat's verdict on the mesh in its state file. */
public enum HeartbeatStatus implements WireName {
    /** Every probe answered; no runner stuck, no child failed or quarantined. */
    HEALTHY,
    /** A runner is stuck (or given up on), a child failed or is quarantined, or the supervisor did not answer. */
    DEGRADED,
    /** The heartbeat has stopped with its mesh. */
    STOPPED;

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
