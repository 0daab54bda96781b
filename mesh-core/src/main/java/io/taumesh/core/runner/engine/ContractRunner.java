package io.taumesh.core.runner.engine;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.contract.FieldError;
import io.taumesh.core.files.StateDirLock;
import io.taumesh.core.files.StateFs;
import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.storage.StateStore;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.OutputRecord;
import io.taumesh.core.runner.wire.RunnerState;
import io.taumesh.core.runner.wire.StorageFault;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The contract-runner engine shared by the gateway and the dashboard. A cycle takes queued fixture
 * entries in order until {@code queue_limit} cases have been processed: malformed entries are rejected,
 * cases whose id was already processed are skipped, transient failures are retried with backoff, and
 * the rest waits for the next cycle ({@code queue_depth}). Each cycle is committed to the state dir
 * before it counts. All methods must be called on the context the runner was opened on.
 */
public final class ContractRunner {

    private final Vertx vertx;
    private final RuntimeProfile profile;
    private final StateStore store;
    private final FixtureIntake intake;
    private final RetryPolicy retry;
    private final FixtureQueue queue;
    private final CommitLedger ledger;
    private final CycleCommit commits;
    private final SerialWork serial = new SerialWork();
    private final OutsideRecords outside;
    private final List<Consumer<CycleReport>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Set<String>>> renumbered = new CopyOnWriteArrayList<>();
    private final StateDirLock lock;
    private RunnerState state;
    private boolean closed;

    ContractRunner(Vertx vertx, RuntimeProfile profile, RunnerStart.Opened opened, RunnerSettings settings) {
        this.vertx = vertx;
        this.profile = profile;
        this.store = opened.store();
        this.lock = opened.lock();
        this.state = opened.state();
        this.retry = settings.retry();
        this.intake = new FixtureIntake(vertx, profile, settings.fixturesDir());
        this.ledger = new CommitLedger(opened.history());
        this.queue = new FixtureQueue(state.fixtureCursors());
        this.commits = new CycleCommit(vertx, store, profile.policy(), queue, ledger);
        this.outside = new OutsideRecords(
                vertx, profile.runtime(), store.channels(), ledger, lost -> renumbered.forEach(l -> l.accept(lost)));
    }

    /**
     * Takes the state dir (creating it) for this runner alone, repairs what a crash left, and restores what the
     * history holds (the processed case ids, each channel's records) from the last checkpoint and what was
     * written after it, so that a start costs the same however long the history. The stored state continues:
     * nothing already counted is counted again. Fails, naming the dir and the holder's pid, when another
     * runner owns the dir.
     */
    public static Future<ContractRunner> open(Vertx vertx, RuntimeProfile profile, RunnerSettings settings) {
        return open(vertx, profile, settings, StateFs.DISK);
    }

    /** As above, with every write of the state dir going through {@code fs} (a test's crashing file system). */
    static Future<ContractRunner> open(Vertx vertx, RuntimeProfile runtime, RunnerSettings settings, StateFs fs) {
        RuntimeProfile profile = runtime.judgedOver(settings.gateWindow(), settings.dryRun());
        return vertx.executeBlocking(() -> RunnerStart.open(profile, settings, fs))
                .compose(opened -> {
                    try {
                        return Future.succeededFuture(new ContractRunner(vertx, profile, opened, settings));
                    } catch (RuntimeException | Error e) {
                        // A runner that cannot be built lets go of its state dir, so that a restart can take it.
                        return vertx.<Void>executeBlocking(() -> {
                                    opened.lock().close();
                                    return null;
                                })
                                .transform(released -> Future.failedFuture(e));
                    }
                });
    }

    /**
     * No cycle starts and no record is taken after this; completes once a cycle in progress has committed (or
     * failed to) and the records taken are written.
     */
    public Future<Void> stopCycles() {
        closed = true;
        return serial.idle().compose(v -> outside.drained());
    }

    /** Stops cycles, checkpoints what came since the last checkpoint, then releases the state dir for the next owner. */
    public Future<Void> close() {
        return stopCycles().compose(v -> {
            CommitLedger.Checkpoint due = ledger.dueAtClose(state.cycleCount());
            return vertx.executeBlocking(() -> {
                try {
                    if (due != null) {
                        store.checkpoint(due.cycleId(), due.indexBytes(), due.ids());
                    }
                } finally {
                    lock.close();
                }
                return null;
            });
        });
    }

    public RuntimeProfile profile() {
        return profile;
    }

    public StateStore store() {
        return store;
    }

    public RunnerState state() {
        return state;
    }

    public int queueDepth() {
        return queue.size();
    }

    public boolean cycleRunning() {
        return serial.busy();
    }

    /** Why the last commits failed, while they do (a full or read-only state dir); null when the dir takes writes. */
    public StorageFault storageFault() {
        return commits.storageFault();
    }

    /** How many committed records a channel has (a runtime numbers its channel's outputs from this). */
    public int channelRecords(String channelId) {
        return ledger.channelRecords(channelId);
    }

    public boolean wasProcessed(String caseId) {
        return ledger.processed(caseId);
    }

    /** Called with each committed cycle's report, on the runner's context. */
    public void onCycle(Consumer<CycleReport> listener) {
        listeners.add(listener);
    }

    /** The directory replays are confined to. */
    public Path fixturesDir() {
        return intake.fixturesDir();
    }

    /**
     * Reads fixture files (off the event loop) and queues their entries. A fixture seen before resumes
     * after the last committed entry, unless {@code fromStart} (a replay: processed cases are then skipped as
     * duplicates). Fails, queueing nothing, if any file is unusable.
     */
    public Future<Integer> enqueue(List<Path> fixtures, boolean fromStart) {
        return intake.load(fixtures).map(loaded -> queue.add(loaded, fromStart));
    }

    /**
     * Queues a whole fixture again (a {@code replay_fixture} action): {@code given} must name a file inside the
     * configured fixtures dir, after {@code ../} and links are resolved; anything else fails with a
     * {@link FieldError} naming {@code fixture}, and nothing is read.
     */
    public Future<Integer> replay(Object given) {
        return intake.replayable(given).compose(path -> enqueue(List.of(path), true));
    }

    /** Pauses or resumes cycles; the flag is kept in {@code state.json}. */
    public Future<Void> setPaused(boolean paused) {
        return persist(s -> s.withPaused(paused), false);
    }

    public Future<Void> setQueueLimit(int limit) {
        if (limit < 1 || limit > RunnerSettings.MAX_QUEUE_LIMIT) {
            return Future.failedFuture(new FieldError(
                    "queue_limit", "must be between 1 and " + RunnerSettings.MAX_QUEUE_LIMIT + ", got " + limit));
        }
        return persist(s -> s.withQueueLimit(limit), false);
    }

    /** Clears the failure streak; health and gate are re-evaluated as if the streak had never built up. */
    public Future<Void> resetStreak() {
        return persist(s -> s.reevaluated(0, profile.policy()), true);
    }

    /**
     * Records work that came in outside a cycle (an HTTP or event-bus request) in its channel, numbered by
     * {@code numbered} once no cycle in progress has run a case in that channel, and completes with the record
     * once it is on disk. Records that arrive while a write is in flight are written together by the next one.
     * Fails with {@link BacklogFull}, nothing numbered, when {@link OutsideRecords#LIMIT} records wait already.
     */
    public Future<OutputRecord> recordOutside(String channelId, Supplier<OutputRecord> numbered) {
        return closed ? closedFailure() : outside.record(channelId, numbered);
    }

    /** What has been written and refused of the records from outside; safe to read from any thread. */
    public OutsideTally outsideTally() {
        return outside.tally();
    }

    /**
     * Called with the channels whose numbers were given to records that were then not kept (a failed write, a
     * cycle that did not commit): a runtime that numbers records numbers them again from {@link #channelRecords}.
     */
    public void onRenumber(Consumer<Set<String>> listener) {
        renumbered.add(listener);
    }

    /** Applies a change to the stored state after the cycle in progress; a streak reset is recorded as a decision. */
    private Future<Void> persist(UnaryOperator<RunnerState> change, boolean streakReset) {
        return serial.submit(() -> {
            if (closed) {
                return closedFailure();
            }
            RunnerState next = change.apply(state);
            return vertx.<Void>executeBlocking(() -> {
                        store.writeState(next);
                        if (streakReset) {
                            store.decisions().recordReset(next, System.currentTimeMillis());
                        }
                        return null;
                    })
                    .onSuccess(v -> state = next);
        });
    }

    /**
     * Runs one cycle, after the one in progress if any. Completes with its report once committed, with null
     * when nothing was queued (an idle cycle is not recorded), and fails when paused or when the commit failed
     * (the cycle's entries are then queued again).
     */
    public Future<CycleReport> runCycle(String trigger, Correlation correlation) {
        return serial.submit(() -> {
            if (closed) {
                return closedFailure();
            }
            if (state.paused()) {
                return Future.failedFuture(new IllegalStateException("the " + profile.runtime() + " runner is paused"));
            }
            if (queue.size() == 0) {
                return Future.succeededFuture(null);
            }
            return runAndCommit(queue.waiting(), trigger, correlation).map(done -> done.report());
        });
    }

    /**
     * Runs one case outside the queue as a cycle of its own (a control action arriving on the bus): it is
     * deduplicated by its case id, processed, committed and reported like any cycle. Runs after a cycle in
     * progress, and also while paused: pausing stops the fixtures, not the operator.
     */
    public Future<SingleRun> runSingle(FixtureEntry.Valid entry, String trigger, Correlation correlation) {
        return serial.submit(() -> {
            if (closed) {
                return closedFailure();
            }
            ArrayDeque<FixtureQueue.Queued> one = new ArrayDeque<>();
            one.add(new FixtureQueue.Queued(entry, null, 0));
            return runAndCommit(one, trigger, correlation).map(done -> SingleRun.of(done, entry.caseId()));
        });
    }

    private Future<CycleCommit.Committed> runAndCommit(
            ArrayDeque<FixtureQueue.Queued> source, String trigger, Correlation correlation) {
        CycleRun cycle = new CycleRun(
                state.cycleCount() + 1,
                trigger,
                correlation,
                source,
                state.queue().queueLimit(),
                ledger::processed,
                new CaseAttempts(vertx, profile.processor(), retry, correlation));
        long failedWrites = outside.cycleStarted(cycle);
        return cycle.run()
                .compose(ran -> outside.beforeCommit(failedWrites).onFailure(err -> ran.putBack()))
                .compose(v -> commits.commit(cycle, state))
                .onComplete(done -> outside.cycleEnded(done.succeeded()))
                .onSuccess(committed -> {
                    state = committed.state();
                    listeners.forEach(listener -> listener.accept(committed.report()));
                });
    }

    private <T> Future<T> closedFailure() {
        return Future.failedFuture(new IllegalStateException("the " + profile.runtime() + " runner is closed"));
    }
}
