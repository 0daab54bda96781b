package io.taumesh.dashboard;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.WireName;
import java.util.Locale;

/** Why a widget projection no longer is the fold of its runtime's events: the {@code reason} of a drift incident. */
public enum DriftReason implements WireName {
    /** The stored projection covers the same cycles as the event log, yet its summary hash differs from a replay's. */
    SUMMARY_HASH_MISMATCH,
    /** The stored projection was written by another version of the projection. */
    PROJECTION_VERSION_CHANGED,
    /** The projection names a later cycle than the runtime's events reach: the runtime's history was cut or reset. */
    CHECKPOINT_AHEAD,
    /** Events of a runtime arrived with a gap in their cycle ids: the ones between were never projected. */
    EVENTS_MISSED;

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
