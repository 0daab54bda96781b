package io.taumesh.core.runner.wire;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.bus.MeshMessage;
import java.util.Map;

/**
 * One processed case as the channel store keeps it ({@code channel-store/<runtime>/<channel>/outputs.jsonl}):
 * which case it was and where it came from, how it ended, and when. Its groups are written flat.
 */
public record OutputRecord(
        int schemaVersion,
        @JsonUnwrapped Origin origin,
        @JsonUnwrapped Verdict verdict,
        String timestamp) implements MeshMessage {

    /**
     * The case, its channel, and what brought it: a fixture's cycle, or a request from outside a cycle (an HTTP or
     * event-bus request, {@code cycle_id} null).
     */
    public record Origin(String caseId, String channelId, Long cycleId, String source, String requestId) {}

    /** How the case ended: its outcome after {@code attempts} tries, the status and result, and why it failed. */
    public record Verdict(CaseOutcome outcome, int attempts, int status, Map<String, Object> result, String reason) {}
}
