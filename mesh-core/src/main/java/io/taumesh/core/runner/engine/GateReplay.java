package io.taumesh.core.runner.engine;

import io.taumesh.core.runner.gate.HealthState;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.wire.CycleCounts;
import io.taumesh.core.runner.wire.CycleReport;
import java.util.List;

/**
 * Judges a runtime's recorded cycles again, in order, with the engine's own arithmetic ({@link GateTrack}): under the
 * policy they were recorded with, every verdict must come out as recorded ({@code --decisions-replay}); under proposed
 * thresholds, the verdicts that differ are what those thresholds would have flipped ({@code --gate-backtest}).
 */
public final class GateReplay {

    /** One cycle's gate as recorded and as judged again. */
    public record Verdict(long cycleId, String at, RolloutPolicy.Decision recorded, RolloutPolicy.Decision judged) {

        public boolean differs() {
            return !recorded.equals(judged);
        }
    }

    private GateTrack track = GateTrack.INITIAL;
    private boolean started;

    /**
     * The verdict of {@code policy} after {@code report}, beside the one recorded. A history whose first cycles rolled
     * out of retention starts from its first kept cycle's own streak and health.
     */
    public Verdict next(CycleReport report, RolloutPolicy policy) {
        CycleCounts c = report.results().counts();
        long at = report.timing().timestampUnixMs();
        if (!started && report.cycleId() > 1) {
            boolean sample = GateTrack.isSample(c);
            track = new GateTrack(
                    report.standing().failureStreak(),
                    report.standing().health(),
                    sample ? c.failed() : 0,
                    sample ? c.retryableFailures() : 0,
                    sample ? List.of(at) : List.of());
        } else {
            track = track.after(c, at);
        }
        started = true;
        return new Verdict(
                report.cycleId(),
                report.timing().timestamp(),
                report.standing().rollout(),
                policy.decide(track.signals(c.queueDepth(), at)));
    }

    /** An operator cleared the failure streak after the cycle last replayed, leaving {@code healthAfter}. */
    public void streakReset(HealthState.Classified healthAfter) {
        track = track.withStreakReset(healthAfter);
    }
}
