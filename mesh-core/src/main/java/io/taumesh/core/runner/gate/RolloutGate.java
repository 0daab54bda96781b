package io.taumesh.core.runner.gate;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.WireName;
import java.util.Locale;

/** Whether a rollout may be promoted: {@code pass}, or {@code hold} with a reason code. */
public enum RolloutGate implements WireName {
    PASS,
    HOLD;

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
