package io.taumesh.supervisor;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.ChildState;
import io.taumesh.core.contract.ExitKind;
import io.taumesh.core.contract.WireName;

/** What kind of exit a restart follows, for a child whose kinds of exit have restart budgets of their own. */
public enum CrashClass implements WireName {
    /** Its start failed: the verticle did not deploy, or the process could not be spawned. */
    FAILED_START("failed_start"),
    /** It exited abnormally while running (Failed, Panicked). */
    CRASHED("crashed"),
    /** It exited while the starvation probe held it blocked. */
    STARVED("starved"),
    /** It finished by itself (Completed) and its policy restarts it anyway (permanent). */
    CLEAN_EXIT("clean_exit");

    private final String wire;

    CrashClass(String wire) {
        this.wire = wire;
    }

    @JsonValue
    @Override
    public String wire() {
        return wire;
    }

    /** The class of {@code exit}, which ended a run that was in {@code stateAtExit} and blocked or not. */
    static CrashClass of(ChildState stateAtExit, boolean blocked, TaskExit exit) {
        if (stateAtExit == ChildState.STARTING) {
            return FAILED_START;
        }
        if (blocked) {
            return STARVED;
        }
        return exit.kind() == ExitKind.COMPLETED ? CLEAN_EXIT : CRASHED;
    }
}
