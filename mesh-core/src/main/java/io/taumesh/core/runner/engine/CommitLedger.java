package io.taumesh.core.runner.engine;

import io.taumesh.core.runner.storage.CaseIdSet;
import io.taumesh.core.runner.wire.OutputRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the engine knows of its committed history without reading it: every processed case id, each channel's
 * record count, and the case ids the next checkpoint must add to the case index.
 */
final class CommitLedger {

    /** Checkpoint after this many committed case ids, or this many cycles, whichever comes first. */
    static final int CHECKPOINT_CASES = 4096;

    static final int CHECKPOINT_CYCLES = 1000;

    /** A checkpoint to write with a commit: up to which cycle, the ids to index, and the index's length before them. */
    record Checkpoint(long cycleId, List<String> ids, long indexBytes) {}

    private final CaseIdSet processed;
    private final Map<String, Long> channelRecords;
    private final List<String> unindexed = new ArrayList<>();
    private long caseIndexBytes;
    private long checkpointedCycle;

    CommitLedger(RunnerHistory history) {
        this.processed = history.processed();
        this.channelRecords = new HashMap<>(history.recordsPerChannel());
        this.caseIndexBytes = history.checkpoint().caseIndexBytes();
        this.checkpointedCycle = history.checkpoint().cycleId();
    }

    boolean processed(String caseId) {
        return processed.contains(caseId);
    }

    int channelRecords(String channelId) {
        return channelRecords.getOrDefault(channelId, 0L).intValue();
    }

    /** The checkpoint a commit of {@code cycleId} with {@code newIds} must write, or null when none is due yet. */
    Checkpoint dueWith(long cycleId, List<String> newIds) {
        boolean due = unindexed.size() + newIds.size() >= CHECKPOINT_CASES
                || cycleId - checkpointedCycle >= CHECKPOINT_CYCLES;
        if (!due) {
            return null;
        }
        List<String> ids = new ArrayList<>(unindexed.size() + newIds.size());
        ids.addAll(unindexed);
        ids.addAll(newIds);
        return new Checkpoint(cycleId, ids, caseIndexBytes);
    }

    /** The checkpoint a close must write, or null when nothing came since the last one. */
    Checkpoint dueAtClose(long cycleId) {
        return unindexed.isEmpty() && cycleId <= checkpointedCycle
                ? null
                : new Checkpoint(cycleId, List.copyOf(unindexed), caseIndexBytes);
    }

    /** A cycle committed its case ids and outputs, with {@code checkpoint} (null if none) ending at {@code indexBytes}. */
    void committed(
            List<String> newIds, Map<String, List<OutputRecord>> outputs, Checkpoint checkpoint, long indexBytes) {
        newIds.forEach(processed::add);
        if (checkpoint != null) {
            unindexed.clear();
            caseIndexBytes = indexBytes;
            checkpointedCycle = checkpoint.cycleId();
        } else {
            unindexed.addAll(newIds);
        }
        outputs.forEach((channel, records) -> channelRecords.merge(channel, (long) records.size(), Long::sum));
    }

    /** A record from outside a cycle was committed. */
    void recorded(OutputRecord record) {
        OutputRecord.Origin origin = record.origin();
        channelRecords.merge(origin.channelId(), 1L, Long::sum);
        if (origin.caseId() != null) {
            processed.add(origin.caseId());
            unindexed.add(origin.caseId());
        }
    }
}
