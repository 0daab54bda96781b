package io.taumesh.core.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The {@code result} of a control action or a supervisor command. */
public enum ControlVerdict implements WireName {
    ACCEPTED,
    REJECTED;

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
