package io.taumesh.relay;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.WireName;
import java.util.Locale;

/** What the relay does with a client that does not read its events fast enough. */
public enum SlowClientPolicy implements WireName {
    /** Its events are dropped (and counted) until it catches up. */
    DROP,
    /** It is disconnected once it has missed too many. */
    DISCONNECT;

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
