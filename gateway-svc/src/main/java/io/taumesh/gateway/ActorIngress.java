package io.taumesh.gateway;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.runner.wire.CaseResult;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * The gateway's request handling: an actor's request is checked, numbered in the actor's channel, and
 * answered. The HTTP route and the contract runner both come through here, so a fixture exercises the
 * code an HTTP client reaches.
 *
 * <p>Requests: {@code {"kind": "message", "text": "..."}} is accepted (202) with the actor's next sequence
 * number; {@code {"kind": "ping"}} is answered (200); anything else is refused (400) naming the field.
 */
public final class ActorIngress {

    public static final int MAX_TEXT_CHARS = 4096;
    static final Pattern ACTOR_ID = Pattern.compile("(?!\\.{1,2}$)[A-Za-z0-9._-]{1,64}");

    private final Map<String, Integer> lastSeq = new HashMap<>();
    private ToIntFunction<String> committedRecords = actor -> 0;

    /** Where numbering resumes after a restart: the count of records each actor's channel holds. */
    public void resumeFrom(ToIntFunction<String> committedRecords) {
        this.committedRecords = committedRecords;
    }

    /** Numbers given in these actors' channels were not kept: the next ones follow what the channels hold. */
    public void forget(Set<String> actorIds) {
        actorIds.forEach(lastSeq::remove);
    }

    public static boolean validActorId(String actorId) {
        return actorId != null && ACTOR_ID.matcher(actorId).matches();
    }

    /** Handles one request of a valid actor; the returned result is what the caller answers. */
    public CaseResult handle(String actorId, Object request, Correlation correlation) {
        if (!validActorId(actorId)) {
            return refused(
                    "actor_id", "must be 1-64 characters of [A-Za-z0-9._-] (not . or ..)", actorId, 0, correlation);
        }
        int seq = lastSeq.compute(actorId, (a, last) -> (last == null ? committedRecords.applyAsInt(a) : last) + 1);
        if (!(request instanceof JsonObject body)) {
            return refused("request", "must be a JSON object", actorId, seq, correlation);
        }
        Object kind = body.getValue("kind");
        if (!"message".equals(kind) && !"ping".equals(kind)) {
            return refused(
                    "kind",
                    kind == null
                            ? "is required (message or ping)"
                            : "must be message or ping, got " + FieldError.shown(kind),
                    actorId,
                    seq,
                    correlation);
        }
        if ("ping".equals(kind)) {
            return CaseResult.of(200, MeshJson.toJson(new IngressAnswers.Pong(actorId, seq, correlation.requestId())));
        }
        Object text = body.getValue("text");
        if (!(text instanceof String t) || t.isBlank()) {
            return refused(
                    "text", text == null ? "is required" : "must be a non-blank string", actorId, seq, correlation);
        }
        if (t.length() > MAX_TEXT_CHARS) {
            return refused(
                    "text", "is " + t.length() + " characters; at most " + MAX_TEXT_CHARS, actorId, seq, correlation);
        }
        return CaseResult.of(
                202, MeshJson.toJson(new IngressAnswers.Accepted(actorId, seq, correlation.requestId(), t.length())));
    }

    private static CaseResult refused(String field, String reason, String actorId, int seq, Correlation correlation) {
        return CaseResult.of(
                400, MeshJson.toJson(IngressAnswers.Refused.of(field, reason, correlation.requestId(), actorId, seq)));
    }
}
