package io.taumesh.core.runner.wire;

import io.taumesh.core.runner.gate.ReasonCode;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/**
 * What processing a case produced: an HTTP-like status and a body. A result may be transient (worth a
 * retry) and may name reason codes of the runtime's own (the dashboard's widget and control codes).
 */
public record CaseResult(int status, JsonObject body, boolean transientFailure, Set<ReasonCode> reasonCodes) {

    public static CaseResult of(int status, JsonObject body) {
        return new CaseResult(status, body, false, Set.of());
    }

    public static CaseResult transientFailure(String reason) {
        return new CaseResult(503, new JsonObject().put("error", reason), true, Set.of());
    }

    public CaseResult withReasonCodes(Set<ReasonCode> codes) {
        return new CaseResult(status, body, transientFailure, Set.copyOf(codes));
    }
}
