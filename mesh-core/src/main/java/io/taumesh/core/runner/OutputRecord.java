package io.taumesh.core.runner;

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
    String outcome,
    int attempts,
    int status,
    Map<String, Object> result,
    String reason,
    String timestamp) implements MeshMessage {

  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String RETRYABLE_FAILURE = "retryable_failure";
}
