package io.taumesh.core.runner.engine;

import io.taumesh.core.bus.Correlation;
import io.taumesh.core.runner.engine.FixtureQueue.Queued;
import io.taumesh.core.runner.fixture.FixtureEntry;
import io.taumesh.core.runner.wire.CaseNote;
import io.taumesh.core.runner.wire.CaseOutcome;
import io.taumesh.core.runner.wire.CycleReport;
import io.taumesh.core.runner.wire.CycleTiming;
import io.taumesh.core.runner.wire.CycleTrace;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One cycle's work before its commit: takes entries in order until {@code limit} cases have been processed,
 * notes malformed ones, skips cases processed before or twice in the cycle, and runs the rest one at a time.
 */
final class CycleRun {

    /** Entries taken in one go before the event loop gets a turn. */
    static final int SLICE = 64;

    private final long cycleId;
    private final String trigger;
    private final Correlation correlation;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final ArrayDeque<Queued> source;
    private final int discovered;
    private final int limit;
    private final Predicate<String> processedBefore;
    private final CaseAttempts attempts;
    private final List<Queued> taken = new ArrayList<>();
    private final Set<String> takenIds = new HashSet<>();
    /** The channels of the cases it has run: no record from outside is numbered in them until the cycle ends. */
    private final Set<String> channels = new HashSet<>();

    private final List<CaseRun> runs = new ArrayList<>();
    private final List<CaseNote> notes = new ArrayList<>();
    private final Promise<CycleRun> done = Promise.promise();
    /** The runner's context, to go back to between slices of cases that complete at once. */
    private final Context context = Vertx.currentContext();

    private int processedCount;
    private int duplicates;
    private int malformed;

    CycleRun(
            long cycleId,
            String trigger,
            Correlation correlation,
            ArrayDeque<Queued> source,
            int limit,
            Predicate<String> processedBefore,
            CaseAttempts attempts) {
        this.cycleId = cycleId;
        this.trigger = trigger;
        this.correlation = correlation;
        this.source = source;
        this.discovered = source.size();
        this.limit = limit;
        this.processedBefore = processedBefore;
        this.attempts = attempts;
    }

    /** Completes with this cycle once every case it took has run; never fails. */
    Future<CycleRun> run() {
        next();
        return done.future();
    }

    /**
     * Takes entries until the limit; returns to the event loop while a case is in flight, and after every
     * {@link #SLICE} entries, so that requests on the same loop are not held for a whole cycle.
     */
    private void next() {
        int inSlice = 0;
        while (!source.isEmpty() && processedCount < limit) {
            if (++inSlice > SLICE && context != null) {
                context.runOnContext(v -> next());
                return;
            }
            Queued item = source.poll();
            taken.add(item);
            if (item.entry() instanceof FixtureEntry.Malformed bad) {
                malformed++;
                note(new CaseNote(
                        bad.origin(),
                        bad.caseId(),
                        CaseOutcome.MALFORMED,
                        bad.problem().field(),
                        bad.problem().reason()));
                continue;
            }
            FixtureEntry.Valid valid = (FixtureEntry.Valid) item.entry();
            if (processedBefore.test(valid.caseId()) || !takenIds.add(valid.caseId())) {
                duplicates++;
                continue;
            }
            processedCount++;
            channels.add(valid.channelId());
            Future<CaseRun> run = attempts.run(valid);
            if (run.isComplete()) {
                runs.add(run.result());
                continue;
            }
            run.onComplete(ar -> {
                runs.add(ar.result());
                next();
            });
            return;
        }
        done.complete(this);
    }

    private void note(CaseNote note) {
        if (notes.size() < CycleReport.MAX_NOTES) {
            notes.add(note);
        }
    }

    /** Whether a case of this cycle ran in the channel. */
    boolean holds(String channelId) {
        return channels.contains(channelId);
    }

    Set<String> channels() {
        return Set.copyOf(channels);
    }

    long cycleId() {
        return cycleId;
    }

    String trigger() {
        return trigger;
    }

    CycleTrace trace() {
        return new CycleTrace(correlation.requestId(), correlation.traceparent());
    }

    /** When the cycle started and how long it has taken until now. */
    CycleTiming timing() {
        return new CycleTiming(
                startedAt.toString(), startedAt.toEpochMilli(), (System.nanoTime() - startNanos) / 1_000_000);
    }

    /** The cases that ran, in order (duplicates and malformed entries are not among them). */
    List<CaseRun> runs() {
        return runs;
    }

    /** What the cycle did, for its tally, with the queue depth it leaves. */
    CycleOutcome.Work work(int queueDepthAfter) {
        return new CycleOutcome.Work(
                discovered, processedCount, duplicates, malformed, attempts.retries(), queueDepthAfter, runs, notes);
    }

    /** Puts every entry it took back at the front of its source, in order: the cycle did not commit. */
    void putBack() {
        for (int i = taken.size() - 1; i >= 0; i--) {
            source.addFirst(taken.get(i));
        }
    }
}
