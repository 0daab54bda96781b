package io.taumesh.core.contract;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a child's run ended, as {@code TaskExit::<Kind>(reason)} names it in runbook 002. */
public enum ExitKind implements WireName {
    /** It finished by itself: the verticle undeployed itself, or the process exited 0. */
    COMPLETED("Completed"),
    /** It reported a failure: a start that failed, a non-zero exit. */
    FAILED("Failed"),
    /** An exception escaped one of its handlers. */
    PANICKED("Panicked"),
    /** The supervisor stopped it. */
    CANCELLED("Cancelled");

    private final String wire;

    ExitKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    public boolean abnormal() {
        return this == FAILED || this == PANICKED;
    }
}
