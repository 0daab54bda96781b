package io.taumesh.core.bus.message;

import io.taumesh.core.bus.MeshMessage;
import java.time.Instant;

/** A phase of the supervisor's shutdown on {@code tau.supervisor.events}: {@code ShutdownPhase::StoppingChildren}. */
public record ShutdownPhaseEvent(int schemaVersion, String event, String phase, String at) implements MeshMessage {

    public static final String EVENT = "shutdown_phase";

    public static ShutdownPhaseEvent now(String phase) {
        return new ShutdownPhaseEvent(
                SCHEMA_VERSION, EVENT, phase, Instant.now().toString());
    }
}
