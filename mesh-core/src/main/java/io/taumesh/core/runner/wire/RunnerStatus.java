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
        @JsonUnwrapped Standing standing,
        @JsonUnwrapped Progress progress,
        @JsonUnwrapped Tallies tallies,
        @JsonUnwrapped History history,
        @JsonInclude(JsonInclude.Include.NON_NULL) StorageFault storageFault)
        implements MeshMessage {

    /** Where the runtime stands: its health, the rollout gate as it stands now under its policy, the failure streak. */
    public record Standing(
            @JsonUnwrapped(prefix = "health_") HealthState.Classified health,
            @JsonUnwrapped(prefix = "rollout_") RolloutPolicy.Decision rollout,
            Map<String, Object> rolloutPolicy,
            int failureStreak) {}

    /** How far it got: the last cycle's signals, the queue, the cycles run and the last one's reason codes. */
    public record Progress(
            @JsonUnwrapped RecentCycle recent,
            @JsonUnwrapped QueueState queue,
            long cycleCount,
            List<ReasonCode> lastCycleReasonCodes) {}

    /** The totals since the state dir was made: counters and reason codes. */
    public record Tallies(RunnerCounters counters, Map<String, Long> reasonCodeCounts) {}

    /** What its event log holds, and the latest cycles in brief. */
    public record History(EventLog events, List<CycleSummary> recentCycles) {}

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
                r.results().reasonCodes(),
                r.standing().health().state(),
                r.standing().rollout().gate(),
                r.results().counts());
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
                s.standing(),
                new Progress(
                        s.latest().recent(),
                        queue,
                        s.cycleCount(),
                        s.latest().lastCycle() == null
                                ? List.of()
                                : s.latest().lastCycle().results().reasonCodes()),
                s.tallies(),
                new History(events, summaries),
                storageFault);
    }
}
