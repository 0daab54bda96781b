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
        @JsonUnwrapped RunnerStatus.Standing standing,
        @JsonUnwrapped Latest latest,
        @JsonUnwrapped QueueState queue,
        @JsonUnwrapped RunnerStatus.Tallies tallies,
        List<FixtureCursor> fixtureCursors)
        implements MeshMessage {

    /**
     * What the latest cycles left: the last one's signals and report, and the times of the cycles that ran cases,
     * which the rollout gate's window judges.
     */
    public record Latest(@JsonUnwrapped RecentCycle recent, CycleReport lastCycle, List<Long> gateSamplesUnixMs) {

        public static final Latest NONE = new Latest(RecentCycle.NONE, null, List.of());

        public Latest {
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
                new RunnerStatus.Standing(health, gate, policy.describe().getMap(), 0),
                Latest.NONE,
                new QueueState(0, queueLimit, false),
                new RunnerStatus.Tallies(RunnerCounters.ZERO, Map.of()),
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
        return with(standing, next);
    }

    /**
     * The state as its gate stands at {@code nowMs}: a gate whose samples have aged out of its window holds for
     * {@code insufficient_data}, however it stood when the last cycle committed.
     */
    public RunnerState asOf(long nowMs) {
        Map<String, Object> policy = standing.rolloutPolicy();
        RolloutPolicy.Decision then = standing.rollout();
        RolloutPolicy.Decision now = GateDryRun.of(policy)
                .apply(GateWindow.of(policy).judge(then, latest.gateSamplesUnixMs(), nowMs), then.reasonCode());
        return now.equals(then)
                ? this
                : with(new RunnerStatus.Standing(standing.health(), now, policy, standing.failureStreak()), queue);
    }

    /** The same state with its health and gate re-evaluated: after a streak reset, or under another policy. */
    public RunnerState reevaluated(int streak, RolloutPolicy policy) {
        RecentCycle recent = latest.recent();
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
                latest.gateSamplesUnixMs(),
                System.currentTimeMillis()));
        return with(
                new RunnerStatus.Standing(nextHealth, gate, policy.describe().getMap(), streak), queue);
    }

    /** The same history with another standing (health, streak, gate, policy) or queue. */
    private RunnerState with(RunnerStatus.Standing nextStanding, QueueState nextQueue) {
        return new RunnerState(
                schemaVersion, runtime, cycleCount, nextStanding, latest, nextQueue, tallies, fixtureCursors);
    }
}
