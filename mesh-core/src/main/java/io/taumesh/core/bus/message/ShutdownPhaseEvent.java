package io.taumesh.core.bus.message;

import io.taumesh.core.bus.MeshMessage;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** A phase of the supervisor's shutdown on {@code tau.supervisor.events}: {@code ShutdownPhase::StoppingChildren}. */
public record ShutdownPhaseEvent(int schemaVersion, String event, String phase, String at) implements MeshMessage {

    public static final String EVENT = "shutdown_phase";

    /** Whether a body of {@code tau.supervisor.events} is a shutdown phase (the address carries child events too). */
    public static boolean isOne(JsonObject body) {
        return EVENT.equals(body.getValue("event"));
    }

    public static ShutdownPhaseEvent now(String phase) {
        return new ShutdownPhaseEvent(
                SCHEMA_VERSION, EVENT, phase, Instant.now().toString());
    }
}
