package io.taumesh.core.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What happened to a supervised child, as {@code tau.supervisor.events} names it in {@code event}. */
public enum ChildLifecycle implements WireName {
    ADDED,
    STARTED,
    EXITED,
    RESTARTED,
    QUARANTINED,
    RELEASED,
    REMOVED,
    BLOCKED,
    UNBLOCKED;

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
