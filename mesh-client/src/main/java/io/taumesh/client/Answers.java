package io.taumesh.client;

import io.taumesh.core.bus.MeshJson;
import io.taumesh.core.bus.MeshMessage;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import java.util.logging.Logger;

/** Reads what the mesh sends as the records the services write: versioned messages checked, others bound. */
final class Answers {

    private static final Logger LOG = Logger.getLogger(MeshClient.class.getName());

    private Answers() {}

    @SuppressWarnings("unchecked")
    static <T> T decode(JsonObject json, Class<T> type) {
        if (MeshMessage.class.isAssignableFrom(type)) {
            return (T) MeshJson.fromJson(json, type.asSubclass(MeshMessage.class));
        }
        return MeshJson.bind(json, type);
    }

    /** Hands a published message to a stream's handler; one that does not read is skipped with a warning. */
    static <T> void deliver(JsonObject body, Class<T> type, Handler<T> each) {
        T value;
        try {
            value = decode(body, type);
        } catch (RuntimeException e) {
            LOG.warning(
                    () -> "skipped a message that does not read as " + type.getSimpleName() + ": " + e.getMessage());
            return;
        }
        each.handle(value);
    }
}
