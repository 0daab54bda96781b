package io.taumesh.relay;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The frames the relay writes to a client (docs/ipc.md), one record each; {@code op} comes first in every one.
 * A frame that answers a request carries its {@code id} back, null when the request had none.
 */
final class RelayFrames {

    private RelayFrames() {}

    record Pong(String op, @Nullable String id) {
        Pong(@Nullable String id) {
            this("pong", id);
        }
    }

    record Subscribed(String op, @Nullable String id, List<String> topics) {
        Subscribed(@Nullable String id, List<String> topics) {
            this("subscribed", id, topics);
        }
    }

    record Snapshot(String op, @Nullable String id, String what, JsonObject body) {
        Snapshot(@Nullable String id, String what, JsonObject body) {
            this("snapshot", id, what, body);
        }
    }

    record ControlResult(String op, @Nullable String id, JsonObject result) {
        ControlResult(@Nullable String id, JsonObject result) {
            this("control_result", id, result);
        }
    }

    record Event(String op, String topic, JsonObject body) {
        Event(String topic, JsonObject body) {
            this("event", topic, body);
        }
    }

    /** A request refused or unanswered; {@code field} names what was wrong with it, when something was. */
    record Error(
            String op,
            @Nullable String id,
            String error,

            @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable
            String field) {
        Error(@Nullable String id, @Nullable String field, String message) {
            this("error", id, field == null ? message : field + ": " + message, field);
        }
    }

    /** A frame refused before it could be read as a request: it has no id to carry back. */
    record Unreadable(String op, String error) {
        Unreadable(String error) {
            this("error", error);
        }
    }
}
