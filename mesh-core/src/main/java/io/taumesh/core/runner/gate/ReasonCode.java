package io.taumesh.core.runner.gate;

import com.fasterxml.jackson.annotation.JsonValue;
import io.taumesh.core.contract.WireName;
import java.util.List;
import java.util.Optional;

/** The reason codes a cycle is labelled with in {@code runtime-events.jsonl}, in the runbooks' order. */
public enum ReasonCode implements WireName {
    HEALTHY_CYCLE("healthy_cycle"),
    QUEUE_BACKPRESSURE_APPLIED("queue_backpressure_applied"),
    DUPLICATE_CASES_SKIPPED("duplicate_cases_skipped"),
    MALFORMED_INPUTS_OBSERVED("malformed_inputs_observed"),
    RETRY_ATTEMPTED("retry_attempted"),
    RETRYABLE_FAILURES_OBSERVED("retryable_failures_observed"),
    CASE_PROCESSING_FAILED("case_processing_failed"),
    /** Dashboard only: a case changed at least one widget view. */
    WIDGET_VIEWS_UPDATED("widget_views_updated"),
    /** Dashboard only: a case applied a control action. */
    CONTROL_ACTIONS_APPLIED("control_actions_applied");

    private final String code;

    ReasonCode(String code) {
        this.code = code;
    }

    @JsonValue
    @Override
    public String wire() {
        return code;
    }

    /** The codes as they are written: for a message or a text that carries them as strings. */
    public static List<String> wires(List<ReasonCode> codes) {
        return codes.stream().map(ReasonCode::wire).toList();
    }

    public static Optional<ReasonCode> byCode(String code) {
        return WireName.parse(ReasonCode.class, code);
    }
}
