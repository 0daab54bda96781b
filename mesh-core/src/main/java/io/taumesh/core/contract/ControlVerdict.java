package io.taumesh.core.contract;

import com.fasterxml.jackson.annotation.JsonValue;

/** The {@code result} of a control action or a supervisor command. */
public enum ControlVerdict implements WireName {
    ACCEPTED,
    REJECTED;

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
