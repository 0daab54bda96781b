package io.taumesh.core.runner.wire;

import io.taumesh.core.bus.MeshMessage;
import java.util.Map;

/**
 * One processed case as the channel store keeps it ({@code channel-store/<runtime>/<channel>/outputs.jsonl}).
 * {@code cycle_id} is null for work that came in outside a cycle (an HTTP or event-bus request).
 */
public record OutputRecord(
        int schemaVersion,
        String caseId,
        String channelId,
        Long cycleId,
        String source,
        String requestId,
        CaseOutcome outcome,
        int attempts,
        int status,
        Map<String, Object> result,
        String reason,
        String timestamp)
        implements MeshMessage {}
