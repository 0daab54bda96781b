package io.taumesh.core.runner.wire;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.runner.gate.GateDryRun;
import io.taumesh.core.runner.gate.GateWindow;
import io.taumesh.core.runner.gate.HealthState;
import io.taumesh.core.runner.gate.RolloutPolicy;
import java.util.List;
import java.util.Map;

/**
 * {@code state.json}: everything a runtime needs to continue after a restart, written whole after each
 * cycle. Its groups are written flat ({@code health_state}, {@code rollout_gate}, {@code queue_depth} ...).
 */
public record RunnerState(
        int schemaVersion,
        String runtime,
        long cycleCount,
        @JsonUnwrapped(prefix = "health_") HealthState.Classified health,
        int failureStreak,
        @JsonUnwrapped(prefix = "rollout_") RolloutPolicy.Decision rollout,
        Map<String, Object> rolloutPolicy,
        @JsonUnwrapped RecentCycle recent,
        @JsonUnwrapped QueueState queue,
        RunnerCounters counters,
        Map<String, Long> reasonCodeCounts,
        List<FixtureCursor> fixtureCursors,
        CycleReport lastCycle,
        List<Long> gateSamplesUnixMs)
        implements MeshMessage {

    public RunnerState {
        // A state of an older build keeps no samples: its last cycle, if it ran cases, is the one it has.
        if (gateSamplesUnixMs == null) {
            gateSamplesUnixMs = recent != null
                            && recent.lastCycleUnixMs() > 0
                            && lastCycle != null
                            && lastCycle.results().counts().succeeded()
                                            + lastCycle.results().counts().failed()
                                    > 0
                    ? List.of(recent.lastCycleUnixMs())
                    : List.of();
        }
        gateSamplesUnixMs = List.copyOf(gateSamplesUnixMs);
    }

    /** The state of a runtime that has not run a cycle yet. */
    public static RunnerState initial(String runtime, int queueLimit, RolloutPolicy policy) {
        HealthState.Classified health = new HealthState.Classified(HealthState.HEALTHY, "no cycle has run yet");
        RolloutPolicy.Decision gate = policy.decide(
                new RolloutPolicy.Signals(HealthState.HEALTHY, 0, 0, 0, 0, List.of(), System.currentTimeMillis()));
        return new RunnerState(
                SCHEMA_VERSION,
                runtime,
                0,
                health,
                0,
                gate,
                policy.describe().getMap(),
                RecentCycle.NONE,
                new QueueState(0, queueLimit, false),
                RunnerCounters.ZERO,
                Map.of(),
                List.of(),
                null,
                List.of());
    }

    public boolean paused() {
        return queue.paused();
    }

    public RunnerState withPaused(boolean value) {
        return withQueue(queue.withPaused(value));
    }

    public RunnerState withQueueLimit(int value) {
        return withQueue(queue.withLimit(value));
    }

    private RunnerState withQueue(QueueState next) {
        return with(health, failureStreak, rollout, rolloutPolicy, next);
    }

    /**
     * The state as its gate stands at {@code nowMs}: a gate whose samples have aged out of its window holds for
     * {@code insufficient_data}, however it stood when the last cycle committed.
     */
    public RunnerState asOf(long nowMs) {
        RolloutPolicy.Decision now = GateDryRun.of(rolloutPolicy)
                .apply(GateWindow.of(rolloutPolicy).judge(rollout, gateSamplesUnixMs, nowMs), rollout.reasonCode());
        return now.equals(rollout) ? this : with(health, failureStreak, now, rolloutPolicy, queue);
    }

    /** The same state with its health and gate re-evaluated: after a streak reset, or under another policy. */
    public RunnerState reevaluated(int streak, RolloutPolicy policy) {
        HealthState.Classified nextHealth = HealthState.classify(
                streak,
                recent.lastCycleFailed(),
                recent.lastRetryAttempts(),
                recent.lastRetryableFailures(),
                queue.queueDepth());
        RolloutPolicy.Decision gate = policy.decide(new RolloutPolicy.Signals(
                nextHealth.state(),
                streak,
                recent.lastCycleFailed(),
                recent.lastRetryableFailures(),
                queue.queueDepth(),
                gateSamplesUnixMs,
                System.currentTimeMillis()));
        return with(nextHealth, streak, gate, policy.describe().getMap(), queue);
    }

    /** The same history with another health, streak, gate, policy or queue. */
    private RunnerState with(
            HealthState.Classified nextHealth,
            int streak,
            RolloutPolicy.Decision gate,
            Map<String, Object> policy,
            QueueState nextQueue) {
        return new RunnerState(
                schemaVersion,
                runtime,
                cycleCount,
                nextHealth,
                streak,
                gate,
                policy,
                recent,
                nextQueue,
                counters,
                reasonCodeCounts,
                fixtureCursors,
                lastCycle,
                gateSamplesUnixMs);
    }
}
