package io.taumesh.gateway;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What the ingress answers an actor's request, one record per outcome; the same object is the case's recorded
 * output in the actor's channel, so its fields and their order are part of the channel store's format.
 */
final class IngressAnswers {

    private IngressAnswers() {}

    /** 202: a message, recorded with the actor's next sequence number. */
    record Accepted(String actorId, int seq, String requestId, String kind, boolean accepted, int chars) {
        Accepted(String actorId, int seq, String requestId, int chars) {
            this(actorId, seq, requestId, "message", true, chars);
        }
    }

    /** 200: a ping, numbered like any request. */
    record Pong(String actorId, int seq, String requestId, String kind, boolean pong) {
        Pong(String actorId, int seq, String requestId) {
            this(actorId, seq, requestId, "ping", true);
        }
    }

    /** 400: the field that was wrong; the actor and sequence number once the request was numbered. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Refused(
            String error,
            String field,
            String requestId,
            @Nullable String actorId,
            @Nullable Integer seq) {

        static Refused of(String field, String reason, String requestId, String actorId, int seq) {
            return seq > 0
                    ? new Refused(field + ": " + reason, field, requestId, actorId, seq)
                    : new Refused(field + ": " + reason, field, requestId, null, null);
        }
    }
}
