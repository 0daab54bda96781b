package io.taumesh.core.audit;

import io.taumesh.core.contract.FieldError;

/**
 * An action an entrance refused for its credentials (a page without the operator token), as it asks the audit
 * trail of the service the action was for to keep it: {@code {"refused": {...}}} on {@code tau.<service>.audit}.
 */
public record RefusedAction(AuditEntry.Action action, String reason, AuditEntry.Source source) {

    public RefusedAction {
        if (action == null) {
            throw new FieldError("action", "is required");
        }
        if (reason == null) {
            throw new FieldError("reason", "is required");
        }
        if (source == null || source.origin() == null || source.requestId() == null || source.traceId() == null) {
            throw new FieldError("source", "is required, with origin, request_id and trace_id");
        }
    }
}
