package io.taumesh.core.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a supervised child is in its life, as {@code child_runtime_records[].state} names it. */
public enum ChildState implements WireName {
    STARTING,
    RUNNING,
    BACKOFF,
    STOPPING,
    STOPPED,
    FAILED,
    QUARANTINED;

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Started, or on its way to be: a stop request has something to stop. */
    public boolean live() {
        return this == STARTING || this == RUNNING;
    }
}
