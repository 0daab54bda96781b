package io.taumesh.core.runner.engine;

import io.taumesh.core.bus.MeshMessage;
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
        int streak = c.failed() > 0 ? before.failureStreak() + 1 : 0;
        HealthState.Classified health =
                HealthState.classify(streak, c.failed(), c.retryAttempts(), c.retryableFailures(), c.queueDepth());
        RolloutPolicy.Decision gate = policy.decide(
                new RolloutPolicy.Signals(health.state(), streak, c.failed(), c.retryableFailures(), c.queueDepth()));
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

        Map<String, Long> reasonCounts = new TreeMap<>(before.reasonCodeCounts());
        outcome.reasonCodes().forEach(code -> reasonCounts.merge(code.wire(), 1L, Long::sum));
        RecentCycle recent = new RecentCycle(
                c.failed(),
                c.retryableFailures(),
                c.retryAttempts(),
                timing.timestamp(),
                timing.timestampUnixMs(),
                timing.durationMs());
        RunnerState next = new RunnerState(
                MeshMessage.SCHEMA_VERSION,
                before.runtime(),
                cycleId,
                health,
                streak,
                gate,
                policy.describe().getMap(),
                recent,
                new QueueState(c.queueDepth(), before.queue().queueLimit(), before.paused()),
                before.counters().plus(c),
                reasonCounts,
                cursorsAfter,
                report);
        return new StateTransition(report, next);
    }
}
