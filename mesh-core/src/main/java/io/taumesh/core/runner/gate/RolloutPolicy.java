package io.taumesh.core.runner.gate;

import io.vertx.core.json.JsonObject;

/** How a runtime turns its health signals into a rollout gate. */
public interface RolloutPolicy {

    /** The gate after a cycle whose outcome left these signals. */
    Decision decide(Signals signals);

    /** The policy's parameters, stored with the state so that an offline reader evaluates the same way. */
    JsonObject describe();

    /**
     * The rule and the numbers behind {@code decision}, one phrase per threshold looked at, in plain words (such as
     * "failure_streak 3 >= threshold 2"): what {@code --explain} prints and the decision record keeps.
     */
    default java.util.List<String> explain(Decision decision, Signals signals) {
        return java.util.List.of(decision.gate().wire() + ": " + decision.reasonCode());
    }

    /**
     * The signals a policy may look at: those of the last cycle that ran cases, and when the cycles that ran cases
     * ran (its samples, oldest first), judged as of {@code nowUnixMs}.
     */
    record Signals(
            HealthState health,
            int failureStreak,
            int lastCycleFailed,
            int lastRetryableFailures,
            int queueDepth,
            java.util.List<Long> samplesUnixMs,
            long nowUnixMs) {

        public Signals {
            samplesUnixMs = samplesUnixMs == null ? java.util.List.of() : java.util.List.copyOf(samplesUnixMs);
        }

        /** Signals with no samples: what a policy's thresholds alone make of them. */
        public Signals(
                HealthState health, int failureStreak, int lastCycleFailed, int lastRetryableFailures, int queueDepth) {
            this(health, failureStreak, lastCycleFailed, lastRetryableFailures, queueDepth, java.util.List.of(), 0);
        }
    }

    /** A gate, the code that names why, and (for hold) every breach that applies. */
    record Decision(RolloutGate gate, String reasonCode, java.util.List<String> breaches) {
        public Decision {
            breaches = breaches == null ? java.util.List.of() : java.util.List.copyOf(breaches);
        }
    }
}
