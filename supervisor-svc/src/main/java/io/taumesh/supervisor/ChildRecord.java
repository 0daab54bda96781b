package io.taumesh.supervisor;

import io.taumesh.core.contract.ChildState;

/** What the supervisor knows of one child between its runs. Touched only on the supervisor's context. */
final class ChildRecord {

    final ChildSpec spec;
    final RestartBudget budget;
    ChildState state = ChildState.STARTING;
    int restartCount;
    int consecutiveRestarts;
    TaskExit lastExit;
    ChildHandle handle;
    String quarantineReason;
    long restartTimer = -1;
    long probeSentMs = -1;
    boolean blocked;
    long runningSinceMs;

    ChildRecord(ChildSpec spec, long nowMs) {
        this.spec = spec;
        this.budget = new RestartBudget(spec.budget(), nowMs);
    }

    boolean is(ChildState s) {
        return state == s;
    }

    /** Its current run has lasted long enough that the next restart starts the backoff over. */
    boolean ranLongEnough(long nowMs) {
        return runningSinceMs > 0 && nowMs - runningSinceMs > spec.backoff().resetAfter();
    }

    /** What its budget says ahead, as of {@code nowMs}: the next restart is the backoff's next, or its first again. */
    RestartForecast forecast(long nowMs) {
        int next = (state == ChildState.RUNNING && ranLongEnough(nowMs) ? 0 : consecutiveRestarts) + 1;
        return RestartForecast.of(budget, nowMs, next, spec.backoff());
    }

    /** Down after an abnormal exit: failed for good, or waiting to be restarted. */
    boolean failed() {
        return state == ChildState.FAILED || (state == ChildState.BACKOFF && lastExit != null && lastExit.abnormal());
    }
}
