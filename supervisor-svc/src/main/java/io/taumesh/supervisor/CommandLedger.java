package io.taumesh.supervisor;

import io.taumesh.core.audit.AuditEntry;
import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.RememberedAnswers;
import io.taumesh.core.bus.message.SupervisorCommandResult;
import io.taumesh.core.runner.control.AuditTrail;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.function.Function;

/**
 * What stands between {@code tau.supervisor.command} and the tree: a command whose idempotency key was seen gets
 * the first answer again, marked duplicate, and is not applied twice (the last {@link #REMEMBERED} keys); every
 * answer, a duplicate too, goes into the audit trail before it goes out.
 */
final class CommandLedger {

    static final int REMEMBERED = 1024;

    private final AuditTrail trail;
    private final RememberedAnswers<Future<SupervisorCommandResult>> seen = new RememberedAnswers<>(REMEMBERED);

    CommandLedger(AuditTrail trail) {
        this.trail = trail;
    }

    AuditTrail trail() {
        return trail;
    }

    /** Applies a command once per key through {@code apply}, and records the answer. */
    Future<SupervisorCommandResult> apply(
            JsonObject body,
            Function<JsonObject, Future<SupervisorCommandResult>> apply,
            String origin,
            Correlation correlation) {
        String key = body != null && body.getValue("idempotency_key") instanceof String k ? k : null;
        Future<SupervisorCommandResult> answer;
        Future<SupervisorCommandResult> earlier = seen.get(key);
        if (earlier != null) {
            answer = earlier.map(SupervisorCommandResult::asDuplicate);
        } else {
            answer = apply.apply(body);
            if (key != null) {
                seen.put(key, answer);
            }
        }
        return answer.compose(result ->
                record(body, key, result, origin, correlation).transform(written -> Future.succeededFuture(result)));
    }

    private Future<AuditEntry> record(
            JsonObject body, String key, SupervisorCommandResult result, String origin, Correlation correlation) {
        Object spec = body == null ? null : body.getValue("spec");
        Object reason = body == null ? null : body.getValue("reason");
        // The parameter as sent: an added child's spec, or the operator's reason (a release's).
        Object parameter =
                spec instanceof JsonObject s ? s.getMap() : reason instanceof String why ? Map.of("reason", why) : null;
        return trail.record(
                new AuditEntry.Action(result.command(), result.childId(), parameter, key),
                new AuditEntry.Outcome(result.result().wire(), result.reason(), result.duplicate(), null),
                new AuditEntry.Source(origin, correlation.requestId(), correlation.traceId()));
    }
}
