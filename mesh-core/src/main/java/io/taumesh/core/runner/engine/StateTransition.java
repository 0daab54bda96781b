package io.taumesh.core.runner.engine;

import io.taumesh.core.bus.MeshMessage;
import io.taumesh.core.runner.gate.GateWindow;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * From the state before a cycle and the cycle's outcome to its report and the state after it: the failure
 * streak, health and gate, the recent-cycle signals, the totals, and how far each fixture got.
 */
record StateTransition(CycleReport report, RunnerState next) {

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
        boolean sample = c.succeeded() + c.failed() > 0;
        int streak = sample ? (c.failed() > 0 ? before.failureStreak() + 1 : 0) : before.failureStreak();
        HealthState.Classified health = sample
                ? HealthState.classify(streak, c.failed(), c.retryAttempts(), c.retryableFailures(), c.queueDepth())
                : before.health();
        List<Long> samples = sample
                ? GateWindow.withSample(before.gateSamplesUnixMs(), timing.timestampUnixMs())
                : before.gateSamplesUnixMs();
        RecentCycle last = sample ? recent(c, timing) : before.recent();
        RolloutPolicy.Decision gate = policy.decide(new RolloutPolicy.Signals(
                health.state(),
                streak,
                last.lastCycleFailed(),
                last.lastRetryableFailures(),
                c.queueDepth(),
                samples,
                timing.timestampUnixMs()));
        CycleReport report = new CycleReport(
                MeshMessage.SCHEMA_VERSION,
                before.runtime(),
                cycleId,
                timing,
                trigger,
                trace,
                outcome.reasonCodes(),
                c,
                outcome.runtimeCounts(),
                health,
                streak,
                gate,
                outcome.notes());

        RunnerState next = new RunnerState(
                MeshMessage.SCHEMA_VERSION,
                before.runtime(),
                cycleId,
                health,
                streak,
                gate,
                policy.describe().getMap(),
                last,
                new QueueState(c.queueDepth(), before.queue().queueLimit(), before.paused()),
                before.counters().plus(c),
                reasonCounts(before, outcome),
                cursorsAfter,
                report,
                samples);
        return new StateTransition(report, next);
    }

    private static Map<String, Long> reasonCounts(RunnerState before, CycleOutcome outcome) {
        Map<String, Long> counts = new TreeMap<>(before.reasonCodeCounts());
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
