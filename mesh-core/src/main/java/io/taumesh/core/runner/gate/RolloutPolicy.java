package io.taumesh.core.runner.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.json.JsonObject;
import java.util.List;

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
    default List<String> explain(Decision decision, Signals signals) {
        return List.of(decision.gate().wire() + ": " + decision.reasonCode());
    }

    /** The breach codes this policy can hold for: the guardrails a dry run may name. */
    default List<String> guardrails() {
        return List.of();
    }

    /** The reason code of a pass. */
    default String passCode() {
        return "pass";
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
            List<Long> samplesUnixMs,
            long nowUnixMs) {

        public Signals {
            samplesUnixMs = samplesUnixMs == null ? List.of() : List.copyOf(samplesUnixMs);
        }

        /** Signals with no samples: what a policy's thresholds alone make of them. */
        public Signals(
                HealthState health, int failureStreak, int lastCycleFailed, int lastRetryableFailures, int queueDepth) {
            this(health, failureStreak, lastCycleFailed, lastRetryableFailures, queueDepth, List.of(), 0);
        }
    }

    /**
     * A gate, the code that names why, (for hold) every enforced breach that applies, and the breaches of guardrails
     * in dry run, which never move the gate.
     */
    record Decision(
            RolloutGate gate,
            String reasonCode,
            List<String> breaches,
            // Written only when a dry run breached: every event line carries the gate.
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> dryRunBreaches) {
        public Decision {
            breaches = breaches == null ? List.of() : List.copyOf(breaches);
            dryRunBreaches = dryRunBreaches == null ? List.of() : List.copyOf(dryRunBreaches);
        }

        public Decision(RolloutGate gate, String reasonCode, List<String> breaches) {
            this(gate, reasonCode, breaches, List.of());
        }
    }
}
