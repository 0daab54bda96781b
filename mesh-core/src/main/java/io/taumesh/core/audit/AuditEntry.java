package io.taumesh.core.audit;

import io.taumesh.core.bus.MeshMessage;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One line of a service's audit trail ({@code audit.jsonl}), as written and as published on {@code tau.audit}:
 * numbered per service ({@code seq}), when, which service on which node, what was asked, what came of it, and from
 * where, with the request's correlation so that it can be followed into runtime events and logs.
 */
public record AuditEntry(
        int schemaVersion,
        long seq,
        String at,
        String service,
        String nodeId,
        Action action,
        Outcome outcome,
        Source source)
        implements MeshMessage {

    /**
     * What was asked: the action or command ({@code pause}, {@code restart}), its target (a runtime for a runner's
     * action, a child for a supervisor command, the routed service for the dashboard's routed actions), its
     * parameter as sent, and the idempotency key it carried.
     */
    public record Action(
            @Nullable String name,
            @Nullable String target,
            @Nullable Object parameter,
            @Nullable String idempotencyKey) {

        /**
         * A control action as a client sent it ({@code action}, {@code target}, {@code child_id},
         * {@code idempotency_key}), read leniently: an entrance names what it refused, however malformed.
         */
        public static Action sent(JsonObject action) {
            return new Action(
                    action.getValue("action") instanceof String n ? n : null,
                    action.getValue("target") instanceof String t ? t : null,
                    action.getValue("child_id") instanceof String c ? Map.of("child_id", c) : null,
                    action.getValue("idempotency_key") instanceof String k ? k : null);
        }
    }

    /**
     * What came of it: {@code accepted}, {@code rejected}, or {@code refused} (stopped at an entrance for its
     * credentials); the reason; whether an earlier action with its key was applied instead; and the runner's cycle
     * it ran in (the cycle it committed, or the last committed one), null for the supervisor.
     */
    public record Outcome(
            String result,
            String reason,
            boolean duplicate,
            @Nullable Long cycleId) {}

    /**
     * Where it came from: the entrance ({@code web-ui 127.0.0.1:51234}, {@code ops 127.0.0.1:40112}, {@code relay},
     * {@code cli}, {@code dashboard} for an action the dashboard routed, {@code event-bus} for a client that named
     * none), and the request's {@code x-request-id} and trace id.
     */
    public record Source(String origin, String requestId, String traceId) {}

    /** The result of an action stopped at an entrance for a missing or wrong credential. */
    public static final String REFUSED = "refused";
}
