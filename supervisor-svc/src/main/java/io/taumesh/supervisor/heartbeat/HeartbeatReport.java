package io.taumesh.supervisor.heartbeat;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.bus.MeshMessage;
import java.util.List;

/**
 * What the heartbeat writes to its state file each interval: which beat it is, the queues, events and jobs it
 * probed, what self-repair did, and why the mesh is {@code degraded} if it is. Its groups are written flat.
 */
public record HeartbeatReport(
        int schemaVersion,
        HeartbeatStatus status,
        String updatedAt,
        long updatedUnixMs,
        @JsonUnwrapped Beat beat,
        @JsonUnwrapped Probes probes,
        SelfRepair selfRepair,
        List<String> reasons)
        implements MeshMessage {

    /** The beat: its number since the heartbeat started, the interval between beats, and the process beating. */
    public record Beat(long tick, long intervalMs, long pid) {}

    /** What the beat probed: each runner's queue, the age of each runtime's last event, and the supervisor's children. */
    public record Probes(List<Queue> queues, List<Events> events, Jobs jobs) {}

    /** A runner's queue, from its status: {@code available} false when no runner of that runtime answers. */
    public record Queue(
            String runtime,
            boolean available,
            String error,
            int queueDepth,
            boolean paused,
            long cycleCount,
            String healthState) {}

    /**
     * The age of a runtime's last event: one published on {@code tau.<runtime>.events} since the heartbeat started
     * ({@code source} {@code bus}), else the last cycle its state records ({@code state}), else none.
     */
    public record Events(String runtime, Long lastEventUnixMs, Long lastEventAgeMs, String source) {}

    /** The supervisor's children ({@code current_state()}). */
    public record Jobs(
            boolean available,
            String error,
            int running,
            int failed,
            int quarantined,
            int targetCount,
            List<Child> children) {}

    public record Child(String id, String state, int restartCount) {}

    public record SelfRepair(
            boolean enabled, long timeoutMs, int maxRetries, List<RunnerRepair> runners, Orphans orphans) {}

    /** Self-repair's view of one runner: stuck or not, the restarts it asked for in a row, and whether it gave up. */
    public record RunnerRepair(
            String runtime,
            boolean stuck,
            long stuckForMs,
            int restarts,
            boolean gaveUp,
            long repairedTotal,
            String lastAction,
            String lastActionAt,
            String note) {}

    /** The orphan sweep of the tool-builds dir. */
    public record Orphans(
            String dir,
            long maxAgeSeconds,
            String lastSweepAt,
            int kept,
            long removedTotal,
            List<String> lastRemoved,
            String error) {}
}
