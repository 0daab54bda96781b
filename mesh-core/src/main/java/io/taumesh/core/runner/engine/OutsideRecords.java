package io.taumesh.core.runner.engine;

import io.taumesh.core.runner.storage.ChannelStore;
import io.taumesh.core.runner.wire.OutputRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Records that come in outside a cycle (an HTTP or event-bus request), written with group commit: the records
 * that arrive while a write is in flight are appended and forced together by the next write, so that a record
 * is acknowledged once on disk at the rate the disk forces batches, not lines.
 *
 * <p>Numbering stays gap-free and unique across crashes because a channel's log never holds an acknowledged
 * record after lines that may not commit: a record is numbered (its supplier called) only while no cycle in
 * progress has run a case in its channel, and a cycle forces the records numbered before it ahead of its own
 * commit. When a write fails, its records and every record numbered after them are refused, and the runtime is
 * told to number those channels again from what is on disk. At most {@link #LIMIT} records wait; past that a
 * record is refused at once with {@link BacklogFull}, before it is numbered. Called on the runner's context.
 */
final class OutsideRecords {

    private static final Logger LOG = Logger.getLogger(OutsideRecords.class.getName());

    /** How many records may wait for the disk (numbered or waiting for a cycle) before more are refused. */
    static final int LIMIT = 1024;

    private record Pending(OutputRecord record, Promise<OutputRecord> answer) {}

    private final Vertx vertx;
    private final String runtime;
    private final ChannelStore channels;
    private final CommitLedger ledger;
    private final Consumer<Set<String>> numbersLost;
    private List<Pending> pending = new ArrayList<>();
    private Promise<Void> pendingWritten = Promise.promise();
    private Future<Void> inFlight = Future.succeededFuture();
    private boolean writing;
    private int waitingForCycle;
    private long failedWrites;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong refusedFull = new AtomicLong();
    private Future<Void> compression = Future.succeededFuture();
    private CycleRun cycle;
    private Promise<Void> cycleEnded = Promise.promise();

    OutsideRecords(
            Vertx vertx,
            String runtime,
            ChannelStore channels,
            CommitLedger ledger,
            Consumer<Set<String>> numbersLost) {
        this.vertx = vertx;
        this.runtime = runtime;
        this.channels = channels;
        this.ledger = ledger;
        this.numbersLost = numbersLost;
    }

    /** Records waiting to be written or numbered, as a gauge reads it. */
    int waiting() {
        return pending.size() + waitingForCycle;
    }

    /** What it has written and refused so far; safe to read from any thread (a scrape). */
    OutsideTally tally() {
        return new OutsideTally(batches.get(), written.get(), refusedFull.get());
    }

    /**
     * Numbers a record in {@code channelId} through {@code numbered} and completes with it once it is on disk;
     * fails with {@link BacklogFull} (nothing numbered) when the backlog is full, or with the write's error.
     */
    Future<OutputRecord> record(String channelId, Supplier<OutputRecord> numbered) {
        if (waiting() >= LIMIT) {
            refusedFull.incrementAndGet();
            return Future.failedFuture(new BacklogFull(runtime, waiting()));
        }
        if (cycle != null && cycle.holds(channelId)) {
            waitingForCycle++;
            return cycleEnded.future().transform(ended -> {
                waitingForCycle--;
                return record(channelId, numbered);
            });
        }
        Promise<OutputRecord> answer = Promise.promise();
        pending.add(new Pending(numbered.get(), answer));
        writeNext();
        return answer.future();
    }

    /** A cycle starts: channels it runs cases in take no record from outside until {@link #cycleEnded}. */
    long cycleStarted(CycleRun started) {
        cycle = started;
        return failedWrites;
    }

    /**
     * Before a cycle commits: completes once every record numbered so far is on disk, and fails (the cycle is then
     * not committed) when a write failed since the cycle started, for its numbers may follow refused ones.
     */
    Future<Void> beforeCommit(long failedWritesAtStart) {
        Future<Void> written = pending.isEmpty() ? inFlight : pendingWritten.future();
        return written.compose(v -> failedWrites == failedWritesAtStart
                ? Future.succeededFuture()
                : Future.failedFuture(
                        new IOException("records from outside the cycle could not be written during it")));
    }

    /** The cycle ended; if it did not commit, what it numbered is void and its channels are numbered again. */
    void cycleEnded(boolean committed) {
        CycleRun ended = cycle;
        cycle = null;
        if (!committed && ended != null) {
            numbersLost.accept(ended.channels());
        }
        Promise<Void> done = cycleEnded;
        cycleEnded = Promise.promise();
        done.complete();
    }

    /** Completes once every record taken so far has been written or refused, and what rolled is compressed. */
    Future<Void> drained() {
        return (pending.isEmpty() ? inFlight : pendingWritten.future()).compose(v -> compression);
    }

    /** Compresses, beside the writes, the segments that writes rolled: a write never waits for a compression. */
    private void compressRolled() {
        if (!compression.isComplete() || !channels.hasRolled()) {
            return;
        }
        compression = vertx.<Void>executeBlocking(
                        () -> {
                            channels.compressRolled();
                            return null;
                        },
                        false)
                .otherwise(err -> {
                    LOG.warning(() ->
                            "a rolled " + runtime + " channel segment stays uncompressed for now: " + err.getMessage());
                    return null;
                });
    }

    private void writeNext() {
        if (writing || pending.isEmpty()) {
            return;
        }
        writing = true;
        List<Pending> batch = pending;
        Promise<Void> batchWritten = pendingWritten;
        pending = new ArrayList<>();
        pendingWritten = Promise.promise();
        inFlight = batchWritten.future();
        Map<String, List<OutputRecord>> byChannel = new LinkedHashMap<>();
        batch.forEach(p -> byChannel
                .computeIfAbsent(p.record().origin().channelId(), c -> new ArrayList<>())
                .add(p.record()));
        vertx.<Void>executeBlocking(
                        () -> {
                            channels.append(byChannel);
                            return null;
                        },
                        false)
                .onComplete(ar -> {
                    writing = false;
                    if (ar.succeeded()) {
                        batches.incrementAndGet();
                        written.addAndGet(batch.size());
                        batch.forEach(p -> {
                            ledger.recorded(p.record());
                            p.answer().complete(p.record());
                        });
                    } else {
                        refuseFrom(batch, ar.cause());
                    }
                    batchWritten.complete();
                    compressRolled();
                    writeNext();
                });
    }

    /** A write failed: its records and every record numbered after them are refused, their channels renumbered. */
    private void refuseFrom(List<Pending> batch, Throwable cause) {
        failedWrites++;
        List<Pending> refused = new ArrayList<>(batch);
        refused.addAll(pending);
        pending = new ArrayList<>();
        Promise<Void> laterWritten = pendingWritten;
        pendingWritten = Promise.promise();
        Set<String> lost = new LinkedHashSet<>();
        refused.forEach(p -> lost.add(p.record().origin().channelId()));
        numbersLost.accept(lost);
        refused.forEach(p -> p.answer().fail(cause));
        laterWritten.complete();
    }
}
