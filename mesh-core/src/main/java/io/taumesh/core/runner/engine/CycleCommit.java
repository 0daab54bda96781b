package io.taumesh.core.runner.engine;

import io.taumesh.core.runner.gate.RolloutPolicy;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.FixtureCursor;
import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.core.runner.wire.StorageFault;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Tallies a cycle that has run and commits it to the state dir: its outputs, the state after it, its report and
 * a checkpoint when one is due. The queue's cursors and the ledger move only once the commit has succeeded.
 */
final class CycleCommit {

    /** A cycle as committed: its report, the state after it and the cases it ran. */
    record Committed(CycleReport report, RunnerState state, List<CaseRun> runs) {}

    private final Vertx vertx;
    private final StateStore store;
    private final RolloutPolicy policy;
    private final FixtureQueue queue;
    private final CommitLedger ledger;
    /** Set while commits fail for the state dir; cleared by the next commit that succeeds. */
    private volatile StorageFault storageFault;

    CycleCommit(Vertx vertx, StateStore store, RolloutPolicy policy, FixtureQueue queue, CommitLedger ledger) {
        this.vertx = vertx;
        this.store = store;
        this.policy = policy;
        this.queue = queue;
        this.ledger = ledger;
    }

    /** Why the last commits failed, while they do (a full or read-only state dir); null when the dir takes writes. */
    StorageFault storageFault() {
        return storageFault;
    }

    /** Fails naming the cycle and the store's error, the cycle's entries put back at the front of the queue. */
    Future<Committed> commit(CycleRun cycle, RunnerState before) {
        CycleOutcome outcome = CycleOutcome.tally(
                cycle.work(queue.size()),
                cycle.cycleId(),
                cycle.trace(),
                Instant.now().toString());
        Map<String, FixtureCursor> nextCursors = queue.cursorsAfter();
        StateTransition transition = StateTransition.of(
                before,
                policy,
                cycle.cycleId(),
                cycle.timing(),
                cycle.trigger(),
                cycle.trace(),
                outcome,
                List.copyOf(nextCursors.values()));
        List<String> newIds =
                cycle.runs().stream().map(run -> run.testCase().caseId()).toList();
        CommitLedger.Checkpoint checkpoint = ledger.dueWith(cycle.cycleId(), newIds);
        return vertx.executeBlocking(() -> {
                    store.commit(outcome.outputs(), transition.next(), transition.report(), transition.decision());
                    return checkpoint == null
                            ? -1L
                            : store.checkpoint(checkpoint.cycleId(), checkpoint.indexBytes(), checkpoint.ids());
                })
                .transform(ar -> {
                    if (ar.failed()) {
                        cycle.putBack();
                        return Future.failedFuture(failure(cycle.cycleId(), ar.cause()));
                    }
                    storageFault = null;
                    queue.commitCursors(nextCursors);
                    ledger.committed(newIds, outcome.outputs(), checkpoint, ar.result());
                    return Future.succeededFuture(new Committed(transition.report(), transition.next(), cycle.runs()));
                });
    }

    private IOException failure(long cycleId, Throwable cause) {
        StorageFault fault =
                StorageFault.of(store.dir(), cause, Instant.now().toString()).orElse(null);
        if (fault != null && storageFault == null) {
            storageFault = fault;
        }
        String why = fault == null ? cause.getMessage() : fault.describe();
        return new IOException("cycle " + cycleId + " could not be committed: " + why, cause);
    }
}
