package io.taumesh.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway's rollout guardrails (runbook 001): hold when the failure streak or the last cycle's
 * exhausted retries reach their thresholds, with a reason code naming the breach; pass otherwise.
 */
public record GatewayGuardrails(
        @JsonProperty("guardrail_failure_streak_threshold") int failureStreakThreshold,

        @JsonProperty("guardrail_retryable_failures_threshold")
        int retryableFailuresThreshold)
        implements RolloutPolicy {

    public static final int DEFAULT_FAILURE_STREAK_THRESHOLD = 2;
    public static final int DEFAULT_RETRYABLE_FAILURES_THRESHOLD = 2;
    public static final GatewayGuardrails DEFAULT =
            new GatewayGuardrails(DEFAULT_FAILURE_STREAK_THRESHOLD, DEFAULT_RETRYABLE_FAILURES_THRESHOLD);

    public static final String PASSING = "guardrails_within_thresholds";
    public static final String FAILURE_STREAK_BREACHED = "failure_streak_threshold_breached";
    public static final String RETRYABLE_FAILURES_BREACHED = "retryable_failures_threshold_breached";

    public GatewayGuardrails {
        if (failureStreakThreshold < 1) {
            throw new FieldError(
                    "guardrail_failure_streak_threshold", "must be at least 1, got " + failureStreakThreshold);
        }
        if (retryableFailuresThreshold < 1) {
            throw new FieldError(
                    "guardrail_retryable_failures_threshold", "must be at least 1, got " + retryableFailuresThreshold);
        }
    }

    @Override
    public Decision decide(Signals s) {
        List<String> breaches = new ArrayList<>();
        if (s.failureStreak() >= failureStreakThreshold) {
            breaches.add(FAILURE_STREAK_BREACHED);
        }
        if (s.lastRetryableFailures() >= retryableFailuresThreshold) {
            breaches.add(RETRYABLE_FAILURES_BREACHED);
        }
        return breaches.isEmpty()
                ? new Decision(RolloutGate.PASS, PASSING, List.of())
                : new Decision(RolloutGate.HOLD, breaches.get(0), List.copyOf(breaches));
    }

    @Override
    public List<String> explain(Decision decision, Signals s) {
        return List.of(
                "failure_streak " + s.failureStreak() + (s.failureStreak() >= failureStreakThreshold ? " >= " : " < ")
                        + "threshold " + failureStreakThreshold,
                "exhausted retries in the last sample " + s.lastRetryableFailures()
                        + (s.lastRetryableFailures() >= retryableFailuresThreshold ? " >= " : " < ") + "threshold "
                        + retryableFailuresThreshold);
    }

    @Override
    public List<String> guardrails() {
        return List.of(FAILURE_STREAK_BREACHED, RETRYABLE_FAILURES_BREACHED);
    }

    @Override
    public String passCode() {
        return PASSING;
    }

    @Override
    public JsonObject describe() {
        return new JsonObject()
                .put("kind", "gateway_guardrails")
                .put("failure_streak_threshold", failureStreakThreshold)
                .put("retryable_failures_threshold", retryableFailuresThreshold);
    }
}
