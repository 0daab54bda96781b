package io.taumesh.core.runner.engine;

import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.runner.gate.GateDecision;
import io.taumesh.core.runner.gate.HealthState;
import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.wire.CycleCounts;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.CycleTiming;
import io.taumesh.core.runner.wire.CycleTrace;
import io.taumesh.core.runner.wire.FixtureCursor;
import io.taumesh.core.runner.wire.QueueState;
import io.taumesh.core.runner.wire.RecentCycle;
import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.core.runner.wire.RunnerStatus;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * From the state before a cycle and the cycle's outcome to its report and the state after it: the failure
 * streak, health and gate, the recent-cycle signals, the totals, and how far each fixture got.
 */
record StateTransition(CycleReport report, RunnerState next, GateDecision decision) {

    static StateTransition of(
            RunnerState before,
            RolloutPolicy policy,
            long cycleId,
            CycleTiming timing,
            String trigger,
            CycleTrace trace,
            CycleOutcome outcome,
            List<FixtureCursor> cursorsAfter) {
        CycleCounts c = outcome.counts();
        // A cycle that ran no case is no evidence: the streak, health and last signals stay those of the last cycle
        // that did, and the gate is judged again on them, over a window that did not gain a sample.
        boolean sample = GateTrack.isSample(c);
        GateTrack track = GateTrack.of(before).after(c, timing.timestampUnixMs());
        int streak = track.failureStreak();
        HealthState.Classified health = track.health();
        List<Long> samples = track.samplesUnixMs();
        RecentCycle last = sample ? recent(c, timing) : before.latest().recent();
        RolloutPolicy.Signals signals = track.signals(c.queueDepth(), timing.timestampUnixMs());
        RolloutPolicy.Decision gate = policy.decide(signals);
        CycleReport report = new CycleReport(
                MeshMessage.SCHEMA_VERSION,
                before.runtime(),
                cycleId,
                timing,
                trigger,
                trace,
                new CycleReport.Results(outcome.reasonCodes(), c, outcome.runtimeCounts()),
                new CycleReport.Standing(health, streak, gate),
                outcome.notes());
        RunnerState next = new RunnerState(
                MeshMessage.SCHEMA_VERSION,
                before.runtime(),
                cycleId,
                new RunnerStatus.Standing(health, gate, policy.describe().getMap(), streak),
                new RunnerState.Latest(last, report, samples),
                new QueueState(c.queueDepth(), before.queue().queueLimit(), before.paused()),
                new RunnerStatus.Tallies(before.tallies().counters().plus(c), reasonCounts(before, outcome)),
                cursorsAfter);
        GateDecision decision = GateDecision.of(
                before.runtime(), cycleId, timing.timestamp(), policy, signals, health, gate, sample, List.of());
        return new StateTransition(report, next, decision);
    }

    private static Map<String, Long> reasonCounts(RunnerState before, CycleOutcome outcome) {
        Map<String, Long> counts = new TreeMap<>(before.tallies().reasonCodeCounts());
        outcome.reasonCodes().forEach(code -> counts.merge(code.wire(), 1L, Long::sum));
        return counts;
    }

    private static RecentCycle recent(CycleCounts c, CycleTiming timing) {
        return new RecentCycle(
                c.failed(),
                c.retryableFailures(),
                c.retryAttempts(),
                timing.timestamp(),
                timing.timestampUnixMs(),
                timing.durationMs());
    }
}
