package io.taumesh.core.runner.wire;

import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.runner.gate.HealthState;

/** What {@code --transport-health-inspect <runtime> --transport-health-json} prints: the runtime's transport health. */
public record TransportHealth(
        int schemaVersion,
        String runtime,
        String stateDir,
        HealthState healthState,
        String healthReason,
        long updatedUnixMs,
        long cycleDurationMs,
        long cycleCount,
        int queueDepth,
        int activeRuns,
        int failureStreak,
        int lastCycleDiscovered,
        int lastCycleProcessed,
        int lastCycleCompleted,
        int lastCycleFailed,
        int lastCycleDuplicates,
        int lastCycleMalformed,
        int lastRetryableFailures)
        implements MeshMessage {

    /** The transport health a state describes; {@code activeRuns} is 1 while a live runner is mid-cycle. */
    public static TransportHealth of(String stateDir, RunnerState s, int activeRuns) {
        CycleCounts c = s.lastCycle() == null
                ? new CycleCounts(0, 0, 0, 0, 0, 0, 0, 0, s.queue().queueDepth())
                : s.lastCycle().counts();
        return new TransportHealth(
                SCHEMA_VERSION,
                s.runtime(),
                stateDir,
                s.health().state(),
                s.health().reason(),
                s.recent().lastCycleUnixMs(),
                s.recent().lastCycleDurationMs(),
                s.cycleCount(),
                s.queue().queueDepth(),
                activeRuns,
                s.failureStreak(),
                c.discovered(),
                c.processed(),
                c.succeeded(),
                c.failed(),
                c.duplicates(),
                c.malformed(),
                s.recent().lastRetryableFailures());
    }
}
