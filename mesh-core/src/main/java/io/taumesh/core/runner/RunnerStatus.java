package io.taumesh.core.runner;

import io.taumesh.core.bus.MeshMessage;
import java.util.List;
import java.util.Map;

/**
 * What {@code --<runtime>-status-inspect --<runtime>-status-json} prints, and the {@code detail} of
 * {@code tau.<runtime>.status}: health, the rollout gate and its reason, the guardrail signals, totals,
 * and what the event log holds.
 */
public record RunnerStatus(
    int schemaVersion,
    String runtime,
    String stateDir,
    String healthState,
    String healthReason,
    String rolloutGate,
    String rolloutReasonCode,
    List<String> rolloutBreaches,
    Map<String, Object> rolloutPolicy,
    int failureStreak,
    int lastCycleFailed,
    int lastRetryableFailures,
    int queueDepth,
    int queueLimit,
    boolean paused,
    long cycleCount,
    String lastCycleAt,
    List<String> lastCycleReasonCodes,
    RunnerCounters counters,
    Map<String, Long> reasonCodeCounts,
    EventLog events,
    List<CycleSummary> recentCycles) implements MeshMessage {

  /** How many of the latest cycles a status names. */
  public static final int RECENT = 5;

  /** The state of {@code runtime-events.jsonl}: cycles logged, and lines that could not be read. */
  public record EventLog(String path, int cycles, long lastCycleId, boolean tornLastLine, List<Integer> invalidLines) {
  }

  /** One recent cycle, in brief. */
  public record CycleSummary(long cycleId, String timestamp, List<String> reasonCodes, String healthState,
      String rolloutGate, CycleCounts counts) {
  }

  public static CycleSummary summary(CycleReport r) {
    return new CycleSummary(r.cycleId(), r.timestamp(), r.reasonCodes(), r.healthState(), r.rolloutGate(), r.counts());
  }

  /** The status of a runtime from its state, and the event log read from disk (offline) or kept in memory (live). */
  public static RunnerStatus of(String stateDir, RunnerState s, int liveQueueDepth, EventLog events, List<CycleReport> recent) {
    List<CycleSummary> summaries = recent.stream().skip(Math.max(0, recent.size() - RECENT)).map(RunnerStatus::summary).toList();
    return new RunnerStatus(SCHEMA_VERSION, s.runtime(), stateDir, s.healthState(), s.healthReason(), s.rolloutGate(),
        s.rolloutReasonCode(), s.rolloutBreaches(), s.rolloutPolicy(), s.failureStreak(), s.lastCycleFailed(),
        s.lastRetryableFailures(), liveQueueDepth, s.queueLimit(), s.paused(), s.cycleCount(), s.lastCycleAt(),
        s.lastCycle() == null ? List.of() : s.lastCycle().reasonCodes(), s.counters(), s.reasonCodeCounts(), events, summaries);
  }
}
