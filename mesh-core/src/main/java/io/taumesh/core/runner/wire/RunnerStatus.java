package io.taumesh.core.runner.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.runner.gate.HealthState;
import io.taumesh.core.runner.gate.ReasonCode;
import io.taumesh.core.runner.gate.RolloutGate;
import io.taumesh.core.runner.gate.RolloutPolicy;
import java.util.List;
import java.util.Map;

/**
 * What {@code --<runtime>-status-inspect --<runtime>-status-json} prints, and the {@code detail} of
 * {@code tau.<runtime>.status}: health, the rollout gate and its reason, the guardrail signals, totals,
 * what the event log holds, and, only while commits fail, why the state dir cannot be written
 * ({@code storage_fault}, code {@code state_dir_not_writable}).
 */
public record RunnerStatus(
        int schemaVersion,
        String runtime,
        String stateDir,
        @JsonUnwrapped(prefix = "health_") HealthState.Classified health,
        @JsonUnwrapped(prefix = "rollout_") RolloutPolicy.Decision rollout,
        Map<String, Object> rolloutPolicy,
        int failureStreak,
        @JsonUnwrapped RecentCycle recent,
        @JsonUnwrapped QueueState queue,
        long cycleCount,
        List<ReasonCode> lastCycleReasonCodes,
        RunnerCounters counters,
        Map<String, Long> reasonCodeCounts,
        EventLog events,
        List<CycleSummary> recentCycles,
        @JsonInclude(JsonInclude.Include.NON_NULL) StorageFault storageFault)
        implements MeshMessage {

    /** How many of the latest cycles a status names. */
    public static final int RECENT = 5;

    /**
     * The state of {@code runtime-events.jsonl}: cycles logged, the newest one, whether the last line is torn,
     * lines near the end that could not be read, and how many compressed segments hold the older history.
     */
    public record EventLog(
            String path,
            long cycles,
            long lastCycleId,
            boolean tornLastLine,
            List<Integer> invalidLines,
            int segments) {}

    /** One recent cycle, in brief. */
    public record CycleSummary(
            long cycleId,
            String timestamp,
            List<ReasonCode> reasonCodes,
            HealthState healthState,
            RolloutGate rolloutGate,
            CycleCounts counts) {}

    public static CycleSummary summary(CycleReport r) {
        return new CycleSummary(
                r.cycleId(),
                r.timing().timestamp(),
                r.reasonCodes(),
                r.health().state(),
                r.rollout().gate(),
                r.counts());
    }

    /** The status of a runtime from its state, and the event log read from disk (offline) or kept in memory (live). */
    public static RunnerStatus of(
            String stateDir, RunnerState s, int liveQueueDepth, EventLog events, List<CycleReport> recent) {
        return of(stateDir, s, liveQueueDepth, events, recent, null);
    }

    /** As above, with the storage fault a live runner reports. */
    public static RunnerStatus of(
            String stateDir,
            RunnerState stored,
            int liveQueueDepth,
            EventLog events,
            List<CycleReport> recent,
            StorageFault storageFault) {
        // The gate as it stands now, not as the last cycle left it: samples age out of its window.
        RunnerState s = stored.asOf(System.currentTimeMillis());
        List<CycleSummary> summaries = recent.stream()
                .skip(Math.max(0, recent.size() - RECENT))
                .map(RunnerStatus::summary)
                .toList();
        QueueState queue = new QueueState(liveQueueDepth, s.queue().queueLimit(), s.paused());
        return new RunnerStatus(
                SCHEMA_VERSION,
                s.runtime(),
                stateDir,
                s.health(),
                s.rollout(),
                s.rolloutPolicy(),
                s.failureStreak(),
                s.recent(),
                queue,
                s.cycleCount(),
                s.lastCycle() == null ? List.of() : s.lastCycle().reasonCodes(),
                s.counters(),
                s.reasonCodeCounts(),
                events,
                summaries,
                storageFault);
    }
}
