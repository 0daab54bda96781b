package io.taumesh.core.bus.message;

import io.taumesh.core.bus.MeshMessage;
import java.util.List;

/** What {@code tau.supervisor.markers} answers: the markers from a time on, oldest first. */
public record SupervisorMarkers(int schemaVersion, List<SupervisorMarker> markers) implements MeshMessage {

    public static SupervisorMarkers of(List<SupervisorMarker> markers) {
        return new SupervisorMarkers(SCHEMA_VERSION, List.copyOf(markers));
    }
}
