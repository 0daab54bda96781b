package io.taumesh.core.runner.gate;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.WireName;
import java.util.Locale;

/** A runtime's health after its last cycle. */
public enum HealthState implements WireName {
    HEALTHY,
    DEGRADED,
    FAILING;

    /** A streak of this many failed cycles makes a runtime failing. */
    public static final int FAILING_STREAK = 3;

    @JsonValue
    @Override
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * failing when the failure streak reached {@value #FAILING_STREAK}; degraded when the last cycle failed a
     * case, retried, or left work queued; healthy otherwise.
     */
    public static Classified classify(
            int failureStreak, int lastCycleFailed, int lastRetryAttempts, int lastRetryableFailures, int queueDepth) {
        if (failureStreak >= FAILING_STREAK) {
            return new Classified(FAILING, "failure_streak " + failureStreak + " >= " + FAILING_STREAK);
        }
        if (lastCycleFailed > 0) {
            return new Classified(DEGRADED, "last cycle failed " + lastCycleFailed + " case(s)");
        }
        if (lastRetryableFailures > 0) {
            return new Classified(DEGRADED, "last cycle exhausted retries on " + lastRetryableFailures + " case(s)");
        }
        if (lastRetryAttempts > 0) {
            return new Classified(DEGRADED, "last cycle retried " + lastRetryAttempts + " time(s)");
        }
        if (queueDepth > 0) {
            return new Classified(DEGRADED, "queue backpressure: " + queueDepth + " case(s) waiting");
        }
        return new Classified(HEALTHY, "no failures, retries or backlog in the last cycle");
    }

    /** A health state with the reason it was given. */
    public record Classified(HealthState state, String reason) {}
}
