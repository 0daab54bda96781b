package io.taumesh.supervisor;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.ExitKind;
import io.taumesh.core.contract.WireName;
import java.util.Locale;

/** When a child that exited is started again. A child the supervisor cancelled is never restarted. */
public enum RestartPolicy implements WireName {
    /** Always, whatever the exit. */
    PERMANENT,
    /** Only after an abnormal exit (Failed, Panicked). */
    TRANSIENT,
    /** Never. */
    TEMPORARY;

    public boolean restartsAfter(TaskExit exit) {
        if (exit.kind() == ExitKind.CANCELLED) {
            return false;
        }
        return switch (this) {
            case PERMANENT -> true;
            case TRANSIENT -> exit.abnormal();
            case TEMPORARY -> false;
        };
    }

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
