package io.taumesh.core.runner;

import io.taumesh.core.bus.MeshMessage;
import java.util.List;
import java.util.Map;

/**
 * One cycle as recorded: a line of {@code runtime-events.jsonl}, the body published on
 * {@code tau.<runtime>.events}, and {@code last_cycle} in {@code state.json}.
 */
public record CycleReport(
    int schemaVersion,
    String runtime,
    long cycleId,
    String timestamp,
    long timestampUnixMs,
    long durationMs,
    String trigger,
    String requestId,
    String traceparent,
    List<String> reasonCodes,
    CycleCounts counts,
    Map<String, Integer> runtimeCounts,
    String healthState,
    String healthReason,
    int failureStreak,
    String rolloutGate,
    String rolloutReasonCode,
    List<CaseNote> notes) implements MeshMessage {

  /** At most this many malformed or failed cases are named in one report. */
  public static final int MAX_NOTES = 20;
}
