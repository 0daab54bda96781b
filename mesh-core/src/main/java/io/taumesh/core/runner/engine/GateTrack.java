package io.taumesh.core.runner.engine;

import io.taumesh.core.runner.gate.GateWindow;
import io.taumesh.core.runner.gate.HealthState;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.wire.CycleCounts;
import io.taumesh.core.runner.wire.RunnerState;
import java.util.List;

/**
 * What a rollout gate looks at, carried from cycle to cycle: the failure streak, the health, the last sample's
 * failures and the window's samples. A cycle that ran no case is no evidence and leaves it as it was. One definition
 * for the runner's cycles and for the replay of their history ({@link GateReplay}), so that both judge alike.
 */
record GateTrack(
        int failureStreak,
        HealthState.Classified health,
        int lastCycleFailed,
        int lastRetryableFailures,
        List<Long> samplesUnixMs) {

    static final GateTrack INITIAL =
            new GateTrack(0, new HealthState.Classified(HealthState.HEALTHY, "no cycle has run yet"), 0, 0, List.of());

    GateTrack {
        samplesUnixMs = List.copyOf(samplesUnixMs);
    }

    static GateTrack of(RunnerState state) {
        return new GateTrack(
                state.standing().failureStreak(),
                state.standing().health(),
                state.latest().recent().lastCycleFailed(),
                state.latest().recent().lastRetryableFailures(),
                state.latest().gateSamplesUnixMs());
    }

    /** A cycle that ran cases (at least one succeeded or failed): a sample of the gate's window. */
    static boolean isSample(CycleCounts c) {
        return c.succeeded() + c.failed() > 0;
    }

    /** After a cycle with these counts, started at {@code atUnixMs}. */
    GateTrack after(CycleCounts c, long atUnixMs) {
        if (!isSample(c)) {
            return this;
        }
        int streak = c.failed() > 0 ? failureStreak + 1 : 0;
        return new GateTrack(
                streak,
                HealthState.classify(streak, c.failed(), c.retryAttempts(), c.retryableFailures(), c.queueDepth()),
                c.failed(),
                c.retryableFailures(),
                GateWindow.withSample(samplesUnixMs, atUnixMs));
    }

    /** The same track with its streak cleared by an operator, and the health that reset gave it. */
    GateTrack withStreakReset(HealthState.Classified healthAfter) {
        return new GateTrack(0, healthAfter, lastCycleFailed, lastRetryableFailures, samplesUnixMs);
    }

    /** What the policy judges, as of {@code nowUnixMs}. */
    RolloutPolicy.Signals signals(int queueDepth, long nowUnixMs) {
        return new RolloutPolicy.Signals(
                health.state(),
                failureStreak,
                lastCycleFailed,
                lastRetryableFailures,
                queueDepth,
                samplesUnixMs,
                nowUnixMs);
    }
}
