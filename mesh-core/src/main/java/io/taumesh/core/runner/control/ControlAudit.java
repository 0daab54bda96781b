package io.taumesh.core.runner.control;

import io.taumesh.core.audit.AuditEntry;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.runner.wire.ControlResult;
import io.taumesh.core.runner.wire.CycleReport;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** A runner's control actions into its audit trail: what was asked, its answer, the cycle, where it came from. */
final class ControlAudit {

    /** The fields of an action that say what it is and how it is sent, not what it is given. */
    private static final Set<String> ENVELOPE = Set.of("action", "idempotency_key", "target", "schema_version");

    private final AuditTrail trail;
    private final String runtime;

    ControlAudit(AuditTrail trail, String runtime) {
        this.trail = trail;
        this.runtime = runtime;
    }

    AuditTrail trail() {
        return trail;
    }

    /** Records an answered action; {@code lastCycle} is the runner's last committed cycle (null before any). */
    Future<AuditEntry> record(
            @Nullable JsonObject body,
            ControlResult result,
            @Nullable CycleReport lastCycle,
            String origin,
            Correlation correlation) {
        AuditEntry.Action action =
                new AuditEntry.Action(result.action(), target(body), parameter(body), result.idempotencyKey());
        Object ranIn = result.detail() == null ? null : result.detail().get("cycle_id");
        Long cycle = ranIn instanceof Number n
                ? Long.valueOf(n.longValue())
                : lastCycle == null ? null : lastCycle.cycleId();
        AuditEntry.Outcome outcome =
                new AuditEntry.Outcome(result.result().wire(), result.reason(), result.duplicate(), cycle);
        return trail.record(
                action, outcome, new AuditEntry.Source(origin, correlation.requestId(), correlation.traceId()));
    }

    private String target(@Nullable JsonObject body) {
        return body != null && body.getValue("target") instanceof String t ? t : runtime;
    }

    /** What the action was given besides its name and key ({@code {"limit": 8}}), null when nothing. */
    private static @Nullable Object parameter(@Nullable JsonObject body) {
        if (body == null) {
            return null;
        }
        JsonObject given = new JsonObject();
        body.forEach(e -> {
            if (!ENVELOPE.contains(e.getKey())) {
                given.put(e.getKey(), e.getValue());
            }
        });
        return given.isEmpty() ? null : given.getMap();
    }
}
