package io.taumesh.core.runner.wire;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.runner.gate.HealthState;

/**
 * What {@code --transport-health-inspect <runtime> --transport-health-json} prints: the runtime's transport health.
 * Its groups are written flat ({@code health_state}, {@code cycle_count}, {@code last_cycle_processed} ...).
 */
public record TransportHealth(
        int schemaVersion,
        String runtime,
        String stateDir,
        @JsonUnwrapped(prefix = "health_") HealthState.Classified health,
        @JsonUnwrapped Cycles cycles,
        @JsonUnwrapped Load load,
        @JsonUnwrapped(prefix = "last_cycle_") LastCycle lastCycle,
        int lastRetryableFailures)
        implements MeshMessage {

    /** When the last cycle ended, how long it took, and how many cycles have run. */
    public record Cycles(long updatedUnixMs, long cycleDurationMs, long cycleCount) {}

    /** What waits, whether a cycle is running now (1 while a live runner is mid-cycle), and the failure streak. */
    public record Load(int queueDepth, int activeRuns, int failureStreak) {}

    /** What the last cycle did with its cases. */
    public record LastCycle(int discovered, int processed, int completed, int failed, int duplicates, int malformed) {

        static final LastCycle NONE = new LastCycle(0, 0, 0, 0, 0, 0);

        static LastCycle of(CycleCounts c) {
            return new LastCycle(
                    c.discovered(), c.processed(), c.succeeded(), c.failed(), c.duplicates(), c.malformed());
        }
    }

    /** The transport health a state describes; {@code activeRuns} is 1 while a live runner is mid-cycle. */
    public static TransportHealth of(String stateDir, RunnerState s, int activeRuns) {
        return new TransportHealth(
                SCHEMA_VERSION,
                s.runtime(),
                stateDir,
                s.standing().health(),
                new Cycles(
                        s.latest().recent().lastCycleUnixMs(),
                        s.latest().recent().lastCycleDurationMs(),
                        s.cycleCount()),
                new Load(s.queue().queueDepth(), activeRuns, s.standing().failureStreak()),
                s.latest().lastCycle() == null
                        ? LastCycle.NONE
                        : LastCycle.of(s.latest().lastCycle().results().counts()),
                s.latest().recent().lastRetryableFailures());
    }
}
