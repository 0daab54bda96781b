package io.taumesh.core.runner.gate;

import io.vertx.core.json.JsonObject;

/** How a runtime turns its health signals into a rollout gate. */
public interface RolloutPolicy {

    /** The gate after a cycle whose outcome left these signals. */
    Decision decide(Signals signals);

    /** The policy's parameters, stored with the state so that an offline reader evaluates the same way. */
    JsonObject describe();

    /** The signals a policy may look at. */
    record Signals(
            HealthState health, int failureStreak, int lastCycleFailed, int lastRetryableFailures, int queueDepth) {}

    /** A gate, the code that names why, and (for hold) every breach that applies. */
    record Decision(RolloutGate gate, String reasonCode, java.util.List<String> breaches) {
        public Decision {
            breaches = breaches == null ? java.util.List.of() : java.util.List.copyOf(breaches);
        }
    }
}
