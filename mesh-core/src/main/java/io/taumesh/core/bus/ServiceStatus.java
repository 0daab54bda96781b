package io.taumesh.core.bus;

import java.util.Map;

/**
 * What {@code tau.<service>.status} answers for every service: who answered, where, and since when.
 * A service adds its own fields under {@code detail}.
 */
public record ServiceStatus(
        int schemaVersion,
        String service,
        String nodeId,
        String member,
        String state,
        String startedAt,
        long uptimeSecs,
        Map<String, Object> detail)
        implements MeshMessage {}
