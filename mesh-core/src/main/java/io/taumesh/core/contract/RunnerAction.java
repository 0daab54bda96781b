package io.taumesh.core.contract;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A control action on a runner ({@code tau.<runtime>.control}), with the field it needs, if any. */
public enum RunnerAction implements WireName {
    PAUSE(null),
    RESUME(null),
    RUN_CYCLE(null),
    RESET_STREAK(null),
    SET_QUEUE_LIMIT("queue_limit"),
    REPLAY_FIXTURE("fixture");

    private final String parameter;

    RunnerAction(String parameter) {
        this.parameter = parameter;
    }

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The body field the action needs besides its name ({@code queue_limit}); null when none. */
    public String parameter() {
        return parameter;
    }
}
