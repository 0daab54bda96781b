package io.taumesh.core.runner.wire;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.WireName;
import java.util.Locale;

/** How one case ended: in the channel store's outputs, and in a cycle report's notes. */
public enum CaseOutcome implements WireName {
    SUCCEEDED,
    FAILED,
    RETRYABLE_FAILURE,
    MALFORMED;

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
