package io.taumesh.core.bus.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.taumesh.core.bus.MeshMessage;
import org.jspecify.annotations.Nullable;

/**
 * What the relay publishes on {@code tau.relay.link} every second: who it is, where its socket is, how many
 * clients it serves, and the supervisor node that started it, if one did. The supervisor derives
 * {@code dashboard_link} from it; the web UI shows it.
 */
public record RelayHeartbeat(
        int schemaVersion,
        String nodeId,
        long pid,
        String path,
        int clients,
        String at,
        @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String supervisorNode)
        implements MeshMessage {

    public static RelayHeartbeat of(
            String nodeId, long pid, String path, int clients, String at, @Nullable String supervisorNode) {
        return new RelayHeartbeat(SCHEMA_VERSION, nodeId, pid, path, clients, at, supervisorNode);
    }

    /** Whether a supervisor on node {@code supervisor} takes this beat: from a relay it started, or that none did. */
    public boolean countsFor(String supervisor) {
        return supervisorNode == null || supervisorNode.equals(supervisor);
    }
}
